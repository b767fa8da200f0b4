#pragma once
// A real streaming replica of the PostgreSQL test server: pg_basebackup from it into a
// temporary folder, then a standby started on a loopback port. Stopped and removed when
// the object goes away. Run as root (as scripts/test.sh does), the standby runs as the
// system user postgres, like the test server itself.

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "loopback_port.hpp"
#include "zdm/db/dsn.hpp"
#include "zdm/util/command_runner.hpp"

namespace zdm::testing {

class PostgresReplica {
 public:
  static constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";

  explicit PostgresReplica(const db::Dsn& primary) : primary_(primary) {
    char pattern[] = "/tmp/zdm-pg-replica.XXXXXX";
    if (::mkdtemp(pattern) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    give_to_server_user(dir_);
    write_password_file();
    run({"env", "PGPASSFILE=" + (dir_ / "pgpass").string(), std::string(kBin) + "pg_basebackup",
         "-h", primary.host(), "-p", std::to_string(primary.port().value_or(5432)), "-U",
         primary.user(), "-D", data_dir(), "-X", "stream", "-R", "--no-sync", "--checkpoint=fast"},
        "pg_basebackup");
    start();
  }

  ~PostgresReplica() {
    if (started_) {
      try {
        run({std::string(kBin) + "pg_ctl", "stop", "-D", data_dir(), "-m", "immediate", "-w"},
            "pg_ctl stop");
      } catch (const std::exception&) {
      }
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  PostgresReplica(const PostgresReplica&) = delete;
  PostgresReplica& operator=(const PostgresReplica&) = delete;

  // Same account and password as the primary (the standby is a copy of it).
  db::Dsn dsn() const {
    return db::Dsn::parse("postgresql://" + primary_.user() + ":" + primary_.password() +
                          "@127.0.0.1:" + std::to_string(port_) + "/postgres");
  }

 private:
  static bool as_root() { return ::geteuid() == 0; }

  std::string data_dir() const { return (dir_ / "data").string(); }

  void give_to_server_user(const std::filesystem::path& path) const {
    ::chmod(path.c_str(), 0700);
    if (!as_root())
      return;
    const passwd* postgres = ::getpwnam("postgres");
    if (postgres == nullptr || ::chown(path.c_str(), postgres->pw_uid, postgres->pw_gid) != 0)
      throw std::runtime_error("cannot give " + path.string() + " to the user postgres");
  }

  void write_password_file() const {
    const auto file = dir_ / "pgpass";
    std::ofstream(file) << "*:*:*:" << primary_.user() << ":" << primary_.password() << "\n";
    ::chmod(file.c_str(), 0600);
    give_to_server_user(file);
  }

  // Runs as the server's user, from the replica's folder (the user cannot read ours).
  void run(std::vector<std::string> argv, const std::string& what) const {
    std::vector<std::string> full = {"env", "-C", dir_.string()};
    if (as_root())
      full = {"runuser", "-u", "postgres", "--", "env", "-C", dir_.string()};
    full.insert(full.end(), argv.begin(), argv.end());
    util::CommandSpec spec;
    spec.argv = full;
    spec.timeout = std::chrono::seconds(120);
    const auto result = util::run_command(spec);
    if (result.end != util::CommandResult::End::exited || result.exit_code != 0)
      throw std::runtime_error(what + " failed: " + primary_.scrub(result.output) +
                               primary_.scrub(result.start_error));
  }

  void start() {
    for (int attempt = 1; attempt <= 3 && !started_; ++attempt) {
      port_ = free_loopback_port();
      try {
        run({std::string(kBin) + "pg_ctl", "start", "-D", data_dir(), "-l",
             (dir_ / "replica.log").string(), "-w", "-t", "60", "-o",
             "-p " + std::to_string(port_) + " -c listen_addresses=127.0.0.1 " +
                 "-c unix_socket_directories=" + dir_.string() + " -c hot_standby=on"},
            "pg_ctl start");
        started_ = true;
      } catch (const std::exception&) {
        if (attempt == 3)
          throw;  // a port taken in between is worth another try; three failures are not
      }
    }
  }

  db::Dsn primary_;
  std::filesystem::path dir_;
  int port_ = 0;
  bool started_ = false;
};

}  // namespace zdm::testing
