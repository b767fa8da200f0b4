#pragma once
// SHA-256 (OpenSSL) as lowercase hex: the plan hash, and short stable names.

#include <string>

namespace zdm::engine {

std::string sha256_hex(const std::string& data);

}  // namespace zdm::engine
