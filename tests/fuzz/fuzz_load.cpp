// Questionnaire loading: any bytes in, one JSON answer out; a loaded questionnaire also scores an
// empty set of answers in each of its languages.
#include "fuzz_support.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::shared_ptr<const catalyse::Questionnaire> q;
  const std::string answer = catalyse::api::load(text, q);
  const nlohmann::json doc = fuzz::check_answer(answer);
  if (doc["ok"].get<bool>() != static_cast<bool>(q)) fuzz::trap("\"ok\" disagrees with the questionnaire handed back", answer);
  if (q) {
    for (const auto& lang : doc["questionnaire"]["languages"]) {
      const std::string scored = catalyse::api::score(*q, "{}", lang.get<std::string>());
      const nlohmann::json result = fuzz::check_answer(scored);
      if (!result["ok"].get<bool>()) fuzz::trap("a loaded questionnaire does not score empty answers", scored);
      fuzz::check_result(result, scored);
    }
  }
  return 0;
}
