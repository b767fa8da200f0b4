#pragma once
// A finding's identity across commits (GitLab, SARIF): the file, rule and message, not the
// line, so an edit above it does not make it a new finding. Private to lint.

#include <string>
#include <vector>

#include "zdm/lint/lint.hpp"

namespace zdm::lint {

// One fingerprint per finding of `plan`, in order; equal findings get their occurrence
// number mixed in so each is unique.
std::vector<std::string> fingerprints(const PlanLint& plan);

}  // namespace zdm::lint
