// Shared by the fuzz targets: the fixed questionnaire they score against, and checks of the
// core's answers. A broken invariant calls trap(), which libFuzzer reports as a crash with the
// input that caused it.
#pragma once

#include <catalyse/api.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace fuzz {

[[noreturn]] inline void trap(const char* why, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n%s\n", why, detail.substr(0, 2000).c_str());
  std::fflush(stderr);
  __builtin_trap();
}

/// The default questionnaire (web/questionnaires/catalyseurs-2018.json), loaded once.
inline const catalyse::Questionnaire& questionnaire() {
  static const std::shared_ptr<const catalyse::Questionnaire> q = [] {
    const std::string path = CATALYSE_SOURCE_DIR "/web/questionnaires/catalyseurs-2018.json";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::shared_ptr<const catalyse::Questionnaire> loaded;
    const std::string answer = catalyse::api::load(text.str(), loaded);
    if (!loaded) {
      std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), answer.substr(0, 500).c_str());
      std::abort();
    }
    return loaded;
  }();
  return *q;
}

/// Every answer of the facade is one JSON object {"ok":true,…} or {"ok":false,"errors":[…]}
/// with at least one error that has a path and a message.
inline nlohmann::json check_answer(const std::string& answer) {
  nlohmann::json doc = nlohmann::json::parse(answer, nullptr, false);
  if (doc.is_discarded()) trap("the core answered invalid JSON", answer);
  if (!doc.is_object() || !doc.contains("ok") || !doc["ok"].is_boolean()) trap("no boolean \"ok\"", answer);
  if (!doc["ok"].get<bool>()) {
    const auto& errors = doc["errors"];
    if (!errors.is_array() || errors.empty()) trap("a failure without errors", answer);
    for (const auto& e : errors) {
      if (!e.is_object() || !e["path"].is_string() || !e["message"].is_string() || e["message"].get<std::string>().empty())
        trap("an error without a path or a message", answer);
      // Errors of the catalog (loading, scoring) come with their params; aggregation's may not yet.
      if (e.contains("code") && (!e["code"].is_string() || !e.contains("params") || !e["params"].is_object())) trap("an error code without params", answer);
      if (e.contains("params"))
        for (const auto& [name, value] : e["params"].items())
          if (!value.is_string()) trap("a param that is not a string", answer);
      // What an exception escaping the core becomes at the facade. The widget's wasm core is built
      // without exceptions (and nlohmann's checks abort there): it would abort that instance.
      if (e["message"].get<std::string>().rfind("internal error", 0) == 0) trap("an exception escaped the core", answer);
    }
  }
  return doc;
}

/// Scores are null or within [0, 100]; a result's numbers are finite (JSON has no inf/NaN, so a
/// non-finite number would have been dumped as null: check the ranges that matter).
inline void check_score(const nlohmann::json& v, const char* what, const std::string& answer) {
  if (v.is_null()) return;
  if (!v.is_number()) trap(what, answer);
  const double d = v.get<double>();
  if (!(d >= 0 && d <= 100)) trap(what, answer);
}

inline void check_result(const nlohmann::json& doc, const std::string& answer) {
  if (!doc["ok"].get<bool>()) return;
  const auto& r = doc["result"];
  if (!r.is_object()) trap("ok without a result", answer);
  check_score(r.value("index", nlohmann::json()), "index outside [0, 100]", answer);
  if (r.contains("dimensions"))
    for (const auto& d : r["dimensions"]) check_score(d.value("score", nlohmann::json()), "dimension score outside [0, 100]", answer);
}

}  // namespace fuzz
