-- sysbench 1.0 script of the MariaDB workload that runs beside the backfills (bench/run.sh):
-- the same transaction as workload/pg-users.sql, one that updates a random users row and
-- reads another. `SELECT *` and `updated_at` keep it valid before, during and after the
-- change, also across pt-online-schema-change's table swap.
--
-- Environment: BENCH_ROWS (the table's row count), BENCH_LOG (per-thread files
-- BENCH_LOG.<thread> get one line per transaction: "end_epoch_us latency_us ok|failed"),
-- BENCH_STOP (a file: each thread stops cleanly soon after it appears).
-- sysbench's own statistics count only what the driver sees; failures are counted here,
-- where every error of a transaction is caught, rolled back, logged and the run goes on.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]

local CLOCK_REALTIME = 0
local now_ts = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_REALTIME, now_ts)
  return tonumber(now_ts.tv_sec) * 1000000 + math.floor(tonumber(now_ts.tv_nsec) / 1000)
end

local rows, stop_file, log, con, drv
local pending = {}
local last_flush, last_stop_check = 0, 0

local function flush()
  if #pending > 0 then
    log:write(table.concat(pending))
    log:flush()
    pending = {}
  end
end

function thread_init()
  rows = assert(tonumber(os.getenv("BENCH_ROWS")), "BENCH_ROWS is not set")
  stop_file = assert(os.getenv("BENCH_STOP"), "BENCH_STOP is not set")
  log = assert(io.open(assert(os.getenv("BENCH_LOG"), "BENCH_LOG is not set") .. "." ..
                         sysbench.tid, "w"))
  drv = sysbench.sql.driver()
  con = drv:connect()
end

local function transaction()
  local id = sysbench.rand.uniform(1, rows)
  local other = sysbench.rand.uniform(1, rows)
  con:query("BEGIN")
  con:query("UPDATE users SET updated_at = NOW(6) WHERE id = " .. id)
  con:query("SELECT * FROM users WHERE id = " .. other)
  con:query("COMMIT")
end

function event()
  local started = now_us()
  local ok = pcall(transaction)
  if not ok then
    -- Roll back what is left; a connection the server dropped is opened again.
    if not pcall(function() con:query("ROLLBACK") end) then
      pcall(function() con:disconnect() end)
      local reconnected, fresh = pcall(function() return drv:connect() end)
      if reconnected then con = fresh end
    end
  end
  local ended = now_us()
  pending[#pending + 1] = string.format("%d %d %s\n", ended, ended - started,
                                        ok and "ok" or "failed")
  if ended - last_flush > 200000 then
    flush()
    last_flush = ended
  end
  if ended - last_stop_check > 50000 then
    last_stop_check = ended
    local f = io.open(stop_file, "r")
    if f then
      f:close()
      return true -- sysbench ends this thread cleanly
    end
  end
end

function thread_done()
  flush()
  log:close()
  pcall(function() con:disconnect() end)
end
