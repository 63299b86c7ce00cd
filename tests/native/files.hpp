// Reading test inputs from disk (natively, and in wasm through NODERAWFS). Needs only doctest, so
// suites that test the core through catalyse/api.hpp alone can use it too.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace test {

/// The whole file as bytes; fails the test when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace test
