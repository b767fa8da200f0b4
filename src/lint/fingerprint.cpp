#include "fingerprint.hpp"

#include <map>

#include "zdm/engine/sha256.hpp"

namespace zdm::lint {

std::vector<std::string> fingerprints(const PlanLint& plan) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  for (const auto& finding : plan.findings) {
    const std::string identity = finding.file + "\n" + std::string(finding.rule->code) + "\n" +
                                 finding.step + "\n" + finding.message;
    const int occurrence = seen[identity]++;
    out.push_back(engine::sha256_hex(identity + "\n" + std::to_string(occurrence)));
  }
  return out;
}

}  // namespace zdm::lint
