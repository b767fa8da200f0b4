// replica_lag gates: the largest lag over the replicas given with --replica-dsn, or, without
// them, the lag a PostgreSQL primary reports for its standbys.
#include <cstdio>
#include <stdexcept>

#include "probe_kinds.hpp"
#include "zdm/plan/duration.hpp"

namespace zdm::gates::detail {

namespace {

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", seconds);
  return text;
}

// How a replica is named in a summary: its address, never its DSN (which holds a password).
std::string replica_label(const db::Dsn& dsn) {
  std::string label = dsn.host().empty() ? std::string("(default host)") : dsn.host();
  if (dsn.port())
    label += ":" + std::to_string(*dsn.port());
  return label;
}

ProbeReading judged(double lag_seconds, const plan::ReplicaLagProbe& probe, std::string summary) {
  ProbeReading reading;
  reading.value = lag_seconds;
  reading.reachable = true;
  reading.passed_own_check = lag_seconds * 1000.0 <= static_cast<double>(probe.max.count());
  reading.summary = std::move(summary);
  if (!reading.passed_own_check)
    reading.summary += ", above max " + plan::format_duration(probe.max);
  return reading;
}

// The lag one replica reports about itself; nullopt with `problem` set when unknown. The
// gate's timeout becomes the session's statement timeout on the replica's connection.
std::optional<double> lag_of(const db::Dsn& dsn, const db::Dialect& dialect, milliseconds timeout,
                             std::string& problem) {
  try {
    auto connection = db::connect(dsn);
    plan::Settings limits;
    limits.statement_timeout = timeout;
    for (const auto& statement : dialect.session_settings(limits))
      connection->execute(statement);
    const db::ReplicaLag lag = dialect.replica_lag(*connection);
    if (!lag.seconds)
      problem = "replica " + replica_label(dsn) + ": " + lag.problem;
    return lag.seconds;
  } catch (const db::DbError& error) {
    problem = "replica " + replica_label(dsn) + ": " + first_line(dsn.scrub(error.what()));
    return std::nullopt;
  }
}

ProbeReading lag_of_replicas(const plan::ReplicaLagProbe& probe, milliseconds timeout,
                             ProbeEnvironment& env) {
  double max_lag = 0;
  std::string max_at;
  for (const db::Dsn& dsn : env.replica_dsns) {
    if (env.stop != nullptr && env.stop->load())
      return unreachable("stopped");
    std::string problem;
    const auto lag = lag_of(dsn, *env.dialect, timeout, problem);
    if (!lag)
      return unreachable(problem);
    if (max_at.empty() || *lag > max_lag) {
      max_lag = *lag;
      max_at = replica_label(dsn);
    }
  }
  const std::size_t count = env.replica_dsns.size();
  return judged(max_lag, probe,
                "max lag " + seconds_text(max_lag) + " over " + std::to_string(count) +
                    (count == 1 ? " replica" : " replicas") + " (at " + max_at + ")");
}

ProbeReading lag_seen_by_primary(const plan::ReplicaLagProbe& probe, ProbeEnvironment& env) {
  if (env.database == nullptr)
    throw std::invalid_argument("a replica_lag gate without --replica-dsn needs the target");
  std::optional<db::ReplicasOfPrimary> replicas;
  try {
    replicas = env.dialect->replicas_of_primary(*env.database);
  } catch (const db::DbError& error) {
    return unreachable("cannot read the replicas' lag on the primary: " + first_line(error.what()));
  }
  if (!replicas) {
    return unreachable(
        "replica_lag needs the replicas on this database: pass --replica-dsn for each one "
        "(the primary does not know how far they are behind)");
  }
  if (replicas->count == 0)
    return judged(0, probe, "no replicas connected to the primary (lag 0)");
  return judged(replicas->max_lag_seconds, probe,
                "max lag " + seconds_text(replicas->max_lag_seconds) + " over " +
                    std::to_string(replicas->count) +
                    (replicas->count == 1 ? " replica" : " replicas") + " (pg_stat_replication)");
}

}  // namespace

ProbeReading read_replica_lag(const plan::ReplicaLagProbe& probe, milliseconds timeout,
                              ProbeEnvironment& env) {
  if (env.dialect == nullptr)
    throw std::invalid_argument("a replica_lag gate needs the target's dialect");
  return env.replica_dsns.empty() ? lag_seen_by_primary(probe, env)
                                  : lag_of_replicas(probe, timeout, env);
}

}  // namespace zdm::gates::detail
