// Aggregating arbitrary exports against the default questionnaire. The input is the records'
// text, optionally followed by a NUL byte and the options' text. The same text also goes to a live
// aggregate, as one record and as one export: every snapshot must be a valid answer.
#include "fuzz_support.hpp"

#include <catalyse/aggregate.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view records = input.substr(0, nul);
  const std::string_view options = nul == std::string_view::npos ? std::string_view(R"({"lang":"fr","minGroup":3,"workshop":true})") : input.substr(nul + 1);
  const std::string answer = catalyse::api::aggregate(fuzz::questionnaire(), records, options);
  fuzz::check_answer(answer);

  std::unique_ptr<catalyse::aggregation::Accumulator> live;
  const std::string opened = catalyse::api::open_aggregate(fuzz::questionnaire(), options, live);
  fuzz::check_answer(opened);
  if (live) {
    live->add(records, "/0");
    live->add_export("fuzz.json", records);
    fuzz::check_answer(live->snapshot());
  }
  return 0;
}
