#include "zdm/cli/app.hpp"

int main(int argc, char** argv) {
  return zdm::cli::run(argc, argv);
}
