// Helpers shared by the core's specification tests: fixtures, loading, scoring through the API.
#pragma once

#include <catalyse/api.hpp>
#include <catalyse/json.hpp>
#include <catalyse/model.hpp>
#include <catalyse/questionnaire.hpp>

#include <doctest/doctest.h>

#include "files.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace test {

using catalyse::json;

inline std::string read_fixture(const std::string& name) {
  return read_file(std::string(CATALYSE_FIXTURES) + "/" + name);
}

inline json fixture(const std::string& name) { return json::parse(read_fixture(name)); }

/// The member of `doc` at a JSON Pointer, to edit a fixture in place.
inline json& at(json& doc, const char* pointer) { return doc[json::json_pointer(pointer)]; }

/// tests/fixtures/all-types.json: one question of every type, the spec suites' questionnaire.
inline json all_types() { return fixture("all-types.json"); }

/// The all-types answer set whose scores scoring_test.cpp computes by hand (level essor, 51.7).
inline json all_types_answers_a() {
  return json::parse(R"({"structure":"collectivite","partenaires":5,"dynamique":"nombreuses",
    "actions":["diag","projet"],"freins":{"publics":"souvent","entreprises":"parfois","habitants":"jamais"},
    "evaluation":"oui","commentaire":"ok"})");
}

/// A questionnaire loaded through the facade, and response records (catalyse-response/1) to it.
struct Loaded {
  std::shared_ptr<const catalyse::Questionnaire> q;
  json info;  // {id, version, hash}: the questionnaire as a record names it

  explicit Loaded(std::string_view text) {
    const json loaded = json::parse(catalyse::api::load(text, q));
    REQUIRE_MESSAGE(loaded["ok"] == true, loaded.dump());
    const json& about = loaded["questionnaire"];
    info = {{"id", about["id"]}, {"version", about["version"]}, {"hash", about["hash"]}};
  }

  /// A record `id` of `answers`, completed in November 2026, in French.
  json record(const std::string& id, json answers) const {
    return {{"format", "catalyse-response/1"}, {"id", id}, {"questionnaire", info},
            {"lang", "fr"}, {"completed", "2026-11"}, {"answers", std::move(answers)}};
  }
};

/// The item of `list` whose `key` is `value` (fails the test when there is none).
inline const json& find_by(const json& list, const std::string& key, const std::string& value) {
  for (const auto& item : list)
    if (item.contains(key) && item[key] == value) return item;
  FAIL("no item with " << key << " = " << value);
  static const json none;
  return none;
}

/// All errors of loading `doc` (empty when it loads).
inline catalyse::Issues load_errors(const json& doc) {
  return catalyse::load_questionnaire(doc.dump()).errors;
}

/// Loads a document that must be valid; fails the test with its errors otherwise.
inline std::shared_ptr<const catalyse::Questionnaire> load_ok(const json& doc) {
  auto loaded = catalyse::load_questionnaire(doc.dump());
  for (const auto& e : loaded.errors) FAIL_CHECK(e.path << ": " << e.message);
  REQUIRE(loaded.questionnaire);
  return loaded.questionnaire;
}

/// The "result" member of api::score, parsed (or the whole answer when not ok).
inline json score(const catalyse::Questionnaire& q, const json& answers, const std::string& lang = "fr") {
  const json answer = json::parse(catalyse::api::score(q, answers.dump(), lang));
  if (answer.value("ok", false)) return answer["result"];
  return answer;
}

/// True when `errors` holds exactly this path and message.
inline bool has_error(const catalyse::Issues& errors, const std::string& path, const std::string& message) {
  for (const auto& e : errors)
    if (e.path == path && e.message == message) return true;
  return false;
}

/// Prints every error when a check on them fails.
inline std::string listing(const catalyse::Issues& errors) {
  std::string out;
  for (const auto& e : errors) out += "  " + e.path + ": " + e.message + "\n";
  return out;
}

}  // namespace test

/// Checks that `errors` contains (path, message), listing them all when it does not.
#define CHECK_ERROR(errors, path, message) \
  CHECK_MESSAGE(test::has_error((errors), (path), (message)), "errors were:\n" << test::listing(errors))
