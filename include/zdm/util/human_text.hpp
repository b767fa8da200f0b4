#pragma once
// Short texts for people reading zdm's log: an elapsed time, a signal's name.

#include <chrono>
#include <string>

namespace zdm::util {

// "35 ms" below a second, "2.4 s" from there.
std::string format_elapsed(std::chrono::milliseconds elapsed);

// "SIGKILL", or "signal 64" for one without a name.
std::string signal_name(int signal);

}  // namespace zdm::util
