// PLACEHOLDER until aggregation lands: answers with an error value.
#include <catalyse/api.hpp>

namespace catalyse::api {

std::string aggregate(const Questionnaire&, std::string_view, std::string_view) {
  return R"({"ok":false,"errors":[{"path":"","message":"aggregation is not supported by this build yet"}]})";
}

}  // namespace catalyse::api
