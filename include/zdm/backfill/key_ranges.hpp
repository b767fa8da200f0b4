#pragma once
// threads: N cuts a table into N disjoint ranges, each worked by its own thread with its
// own checkpoint. Keyset paging splits the key's first column (an integer) evenly between
// its minimum and maximum: range i holds from < k <= to, the first range open below and
// the last open above (rows inserted later land in it). Page paging splits the pages the
// table has when the backfill starts: range i holds pages from <= p < to.

#include <optional>
#include <vector>

namespace zdm::backfill {

struct KeyRange {
  std::optional<long long> from;  // none: unbounded
  std::optional<long long> to;
  bool operator==(const KeyRange&) const = default;
};

// At most `parts` ranges (fewer when max - min is smaller); one open range for parts 1.
std::vector<KeyRange> split_key_range(long long min, long long max, int parts);
// At most `parts` ranges of whole pages covering [0, pages); one empty range for 0 pages.
std::vector<KeyRange> split_pages(long long pages, int parts);

// How many rows a table holds, for progress: the catalog's estimate until a good share of
// the key space is covered, then what the covered share says; never less than `scanned`.
std::optional<long long> corrected_total(long long scanned, std::optional<long long> estimate,
                                         std::optional<double> share_done);

}  // namespace zdm::backfill
