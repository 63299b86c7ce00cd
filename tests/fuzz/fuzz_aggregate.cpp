// Aggregating arbitrary exports against the default questionnaire. The input is the records'
// text, optionally followed by a NUL byte and the options' text.
#include "fuzz_support.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view records = input.substr(0, nul);
  const std::string_view options = nul == std::string_view::npos ? std::string_view(R"({"lang":"fr","minGroup":2})") : input.substr(nul + 1);
  const std::string answer = catalyse::api::aggregate(fuzz::questionnaire(), records, options);
  fuzz::check_answer(answer);
  return 0;
}
