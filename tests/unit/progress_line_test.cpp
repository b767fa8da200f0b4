// The backfill's progress as a terminal bar and as a log sentence.
#include "zdm/report/progress_line.hpp"

#include <gtest/gtest.h>

namespace zdm::report {
namespace {

using engine::BackfillProgress;

BackfillProgress halfway() {
  BackfillProgress p;
  p.table = "users";
  p.rows_scanned = 450000;
  p.rows_total = 1000000;
  p.rows_updated = 449000;
  p.rows_per_second = 52300.4;
  p.chunk_rows = 10400;
  p.eta_seconds = 10.5;
  return p;
}

BackfillProgress finished() {
  BackfillProgress p = halfway();
  p.rows_scanned = 1000000;
  p.rows_updated = 999000;
  p.eta_seconds = 0;
  p.done = true;
  return p;
}

TEST(ProgressBarLine, AWideTerminalShowsEverything) {
  EXPECT_EQ(progress_bar_line(halfway(), 120),
            "users [#############.................] 45% 450,000/~1,000,000 rows  52,300 rows/s  "
            "chunk 10,400  ETA 11s");
}

TEST(ProgressBarLine, NarrowerTerminalsDropTheLeastUsefulPartsFirst) {
  EXPECT_EQ(progress_bar_line(halfway(), 80),
            "users [#########...........] 45% 450,000/~1,000,000 rows  52,300 rows/s  ETA 11s");
  EXPECT_EQ(progress_bar_line(halfway(), 60),
            "users [######.........] 45% 450,000/~1,000,000 rows  ETA 11s");
  EXPECT_EQ(progress_bar_line(halfway(), 40), "users 45% 450,000/~1,000,000 rows");
  EXPECT_EQ(progress_bar_line(halfway(), 20), "users");
  EXPECT_EQ(progress_bar_line(halfway(), 3), "use");
  EXPECT_EQ(progress_bar_line(halfway(), 0), "");
  EXPECT_EQ(progress_bar_line(halfway(), -1), "");
}

TEST(ProgressBarLine, NeverWiderThanTheTerminal) {
  BackfillProgress p = halfway();
  p.threads = 4;
  p.throttle_reason = "replica lag 7.2s > 5s";
  for (int width = 0; width <= 200; ++width)
    EXPECT_LE(progress_bar_line(p, width).size(), static_cast<size_t>(width)) << width;
}

TEST(ProgressBarLine, APauseShowsItsReasonAndOutlastsTheOtherFigures) {
  BackfillProgress p = halfway();
  p.throttle_reason = "replica lag 7.2s > 5s";
  EXPECT_EQ(progress_bar_line(p, 120),
            "users [######.........] 45% 450,000/~1,000,000 rows  52,300 rows/s  chunk 10,400  "
            "ETA 11s  paused: replica lag 7.2s > 5s");
  EXPECT_EQ(progress_bar_line(p, 70),
            "users 45% 450,000/~1,000,000 rows  paused: replica lag 7.2s > 5s");
  EXPECT_EQ(progress_bar_line(p, 40), "users  paused: replica lag 7.2s > 5s");
}

TEST(ProgressBarLine, UnknownTotalHasNoBarAndNoPercent) {
  BackfillProgress p = halfway();
  p.rows_total.reset();
  p.eta_seconds.reset();
  EXPECT_EQ(progress_bar_line(p, 120), "users 450,000 rows  52,300 rows/s  chunk 10,400");
  p.rows_total = 0;  // an empty table's statistics, while rows arrive
  EXPECT_EQ(progress_bar_line(p, 120), "users 450,000 rows  52,300 rows/s  chunk 10,400");
}

TEST(ProgressBarLine, ATotalBelowWhatWasScannedReadsAsNearlyDone) {
  BackfillProgress p = halfway();
  p.rows_scanned = 1200000;
  EXPECT_EQ(progress_bar_line(p, 100),
            "users [#######################.] 99% 1,200,000/~1,200,000 rows  52,300 rows/s  chunk "
            "10,400  "
            "ETA 11s");
}

TEST(ProgressBarLine, NoRateMeansNoEta) {
  BackfillProgress p = halfway();
  p.rows_per_second = 0;
  EXPECT_EQ(progress_bar_line(p, 100),
            "users [#############.................] 45% 450,000/~1,000,000 rows  chunk 10,400");
}

TEST(ProgressBarLine, DoneFillsTheBarWhateverTheEstimate) {
  EXPECT_EQ(progress_bar_line(finished(), 120),
            "users [##############################] 100% 1,000,000 rows  999,000 updated  "
            "52,300 rows/s  done");
  BackfillProgress unknown = finished();
  unknown.rows_total.reset();
  EXPECT_EQ(progress_bar_line(unknown, 40), "users 100% 1,000,000 rows  done");
}

TEST(ProgressBarLine, ThreadsShowWhenThereIsRoom) {
  BackfillProgress p = halfway();
  p.threads = 4;
  EXPECT_NE(progress_bar_line(p, 200).find("  chunk 10,400  4 threads  ETA 11s"),
            std::string::npos);
  EXPECT_EQ(progress_bar_line(p, 90).find("threads"), std::string::npos);
}

TEST(ProgressBarLine, EtaIsHuman) {
  BackfillProgress p = halfway();
  p.eta_seconds = 3725;
  EXPECT_NE(progress_bar_line(p, 120).find("  ETA 1h02m"), std::string::npos);
  p.eta_seconds = 45;
  EXPECT_NE(progress_bar_line(p, 120).find("  ETA 45s"), std::string::npos);
  p.eta_seconds = 0.2;  // rounded up: "0s" would claim it is over
  EXPECT_NE(progress_bar_line(p, 120).find("  ETA 1s"), std::string::npos);
  p.eta_seconds = 1e300;
  EXPECT_EQ(progress_bar_line(p, 120).find("ETA"), std::string::npos);
}

TEST(ProgressLogText, SaysTheSameInASentence) {
  EXPECT_EQ(progress_log_text(halfway()),
            "users: 450,000 of ~1,000,000 rows (45%), 52,300 rows/s, chunks of 10,400, ETA 11s");
}

TEST(ProgressLogText, Throttled) {
  BackfillProgress p = halfway();
  p.throttle_reason = "replica lag 7.2s > 5s";
  EXPECT_EQ(progress_log_text(p),
            "users: 450,000 of ~1,000,000 rows (45%), 52,300 rows/s, chunks of 10,400, ETA 11s, "
            "throttled: replica lag 7.2s > 5s");
}

TEST(ProgressLogText, UnknownTotalNoRateAndThreads) {
  BackfillProgress p = halfway();
  p.rows_total.reset();
  p.rows_per_second = 0;
  p.threads = 4;
  EXPECT_EQ(progress_log_text(p), "users: 450,000 rows, chunks of 10,400 over 4 threads");
}

TEST(ProgressLogText, TotalBelowScannedAndDone) {
  BackfillProgress p = halfway();
  p.rows_scanned = 1200000;
  p.eta_seconds.reset();
  EXPECT_EQ(progress_log_text(p),
            "users: 1,200,000 of ~1,200,000 rows (99%), 52,300 rows/s, chunks of 10,400");
  EXPECT_EQ(progress_log_text(finished()),
            "users: done, 1,000,000 rows (999,000 updated), 52,300 rows/s");
}

}  // namespace
}  // namespace zdm::report
