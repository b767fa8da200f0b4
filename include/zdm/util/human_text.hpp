#pragma once
// Short texts for people reading zdm's log: an elapsed time, a signal's name, a count, a
// time still to go.

#include <chrono>
#include <string>

namespace zdm::util {

// "35 ms" below a second, "2.4 s" from there.
std::string format_elapsed(std::chrono::milliseconds elapsed);

// "SIGKILL", or "signal 64" for one without a name.
std::string signal_name(int signal);

// "512 B", "3.2 KiB", "1.5 GiB": a size on disk.
std::string format_bytes(long long bytes);

// "1,234,567": a row count that can be read at a glance.
std::string group_thousands(long long number);

// "45s", "12m05s", "1h02m": how long is left, as precise as it is worth being.
std::string format_remaining(std::chrono::seconds remaining);

}  // namespace zdm::util
