#include "zdm/backfill/key_ranges.hpp"

#include <algorithm>

namespace zdm::backfill {

namespace {

// The i-th of `parts` cut points between low and high, without overflow.
long long cut_point(long long low, long long high, int i, int parts) {
  const __int128 width = static_cast<__int128>(high) - low;
  return static_cast<long long>(low + width * i / parts);
}

// Share below which the catalog's estimate is trusted over an extrapolation.
constexpr double kShareToExtrapolate = 0.05;

}  // namespace

std::vector<KeyRange> split_key_range(long long min, long long max, int parts) {
  std::vector<KeyRange> ranges;
  std::optional<long long> from;
  for (int i = 1; i < parts; ++i) {
    const long long cut = cut_point(min, max, i, parts);
    if (from && cut <= *from)
      continue;  // a narrow key range gives fewer, non-empty ranges
    if (cut >= max)
      break;
    ranges.push_back({from, cut});
    from = cut;
  }
  ranges.push_back({from, std::nullopt});
  return ranges;
}

std::vector<KeyRange> split_pages(long long pages, int parts) {
  const int count = static_cast<int>(std::clamp<long long>(pages, 1, std::max(parts, 1)));
  std::vector<KeyRange> ranges;
  for (int i = 0; i < count; ++i)
    ranges.push_back({cut_point(0, pages, i, count), cut_point(0, pages, i + 1, count)});
  return ranges;
}

std::optional<long long> corrected_total(long long scanned, std::optional<long long> estimate,
                                         std::optional<double> share_done) {
  if (share_done && *share_done >= kShareToExtrapolate && *share_done <= 1.0)
    return std::max(scanned, static_cast<long long>(scanned / *share_done));
  if (!estimate)
    return std::nullopt;
  return std::max(scanned, *estimate);
}

}  // namespace zdm::backfill
