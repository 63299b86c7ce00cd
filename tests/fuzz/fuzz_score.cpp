// Scoring arbitrary answers against the default questionnaire, in French and in English.
#include "fuzz_support.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view answers(reinterpret_cast<const char*>(data), size);
  const auto& q = fuzz::questionnaire();
  for (const char* lang : {"fr", "en"}) {
    const std::string answer = catalyse::api::score(q, answers, lang);
    const nlohmann::json doc = fuzz::check_answer(answer);
    fuzz::check_result(doc, answer);
  }
  return 0;
}
