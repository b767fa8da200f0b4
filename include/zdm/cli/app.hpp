#pragma once

namespace zdm::cli {

// Parses the command line, runs the command, and returns the process exit code.
int run(int argc, char** argv);

}  // namespace zdm::cli
