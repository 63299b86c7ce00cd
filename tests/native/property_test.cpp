// Properties over generated questionnaires and answers (seeded, reproducible): every generated
// document loads; scores stay within 0–100; levels match the index; the order of members in the
// answers never changes a result; answers to hidden questions change nothing; scoring is a pure
// function of its inputs.
#include "core_support.hpp"

#include <algorithm>
#include <cstdint>

using catalyse::json;

namespace {

/// splitmix64: the same sequence on every platform (std:: distributions are not portable).
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
};

json text(const std::string& s) { return {{"fr", s}, {"en", s}}; }

/// A random valid questionnaire: 1–3 sections of 1–5 questions of every type, 1–3 dimensions,
/// 1–4 levels, weights, reversed items, don't-know options, visibility conditions on earlier
/// choice questions.
json generate_questionnaire(Rng& rng) {
  const int dims = 1 + rng.below(3);
  json doc = {{"format", "catalyse-questionnaire/1"}, {"id", "gen"}, {"version", "1"}, {"languages", {"fr", "en"}},
              {"title", text("G")}, {"sections", json::array()}, {"dimensions", json::array()}, {"levels", json::array()}};
  for (int d = 0; d < dims; ++d) {
    json dim = {{"id", "d" + std::to_string(d)}, {"label", text("D" + std::to_string(d))}};
    if (rng.chance(50)) dim["weight"] = 1 + rng.below(4);
    if (rng.chance(50)) dim["minAnswered"] = rng.below(11) / 10.0;
    doc["dimensions"].push_back(dim);
  }
  const int levels = 1 + rng.below(4);
  for (int l = 0; l < levels; ++l)
    doc["levels"].push_back({{"id", "l" + std::to_string(l)}, {"min", l == 0 ? 0 : l * (90 / levels) + rng.below(5)},
                             {"label", text("L")}, {"interpretation", text("I")}});
  int next_dim = 0;  // round robin so that every dimension is scored
  std::vector<std::pair<std::string, std::vector<std::string>>> choices;  // earlier single questions
  int qn = 0;
  const int sections = 1 + rng.below(3);
  for (int s = 0; s < sections; ++s) {
    json sec = {{"id", "s" + std::to_string(s)}, {"title", text("S")}, {"questions", json::array()}};
    const int count = 1 + rng.below(5);
    for (int k = 0; k < count; ++k) {
      static const char* types[] = {"single", "scale", "multiple", "matrix", "number", "text"};
      const std::string type = types[rng.below(6)];
      const std::string id = "q" + std::to_string(qn++);
      json q = {{"id", id}, {"type", type}, {"text", text(id)}};
      const bool scored = type != "text" && (rng.chance(80) || next_dim < dims);
      if (scored) {
        json scoring = {{"dimension", "d" + std::to_string(next_dim++ % dims)}};
        if (rng.chance(40)) scoring["weight"] = 0.5 + rng.below(4);
        if (rng.chance(30)) scoring["reverse"] = true;
        q["scoring"] = scoring;
      }
      std::vector<std::string> option_ids;
      if (type != "number" && type != "text") {
        const int n = 2 + rng.below(4);
        q["options"] = json::array();
        for (int o = 0; o < n; ++o) {
          // increasing values from 0, so that a scored question always has two distinct ones
          q["options"].push_back({{"id", "o" + std::to_string(o)}, {"label", text("O")}, {"value", o * 2 + (o > 0 ? rng.below(2) : 0)}});
          option_ids.push_back("o" + std::to_string(o));
        }
        if (rng.chance(50)) q["options"].push_back({{"id", "nsp"}, {"label", text("?")}, {"dontKnow", true}});
      }
      if (type == "multiple" && rng.chance(40)) q["maxSelected"] = 1 + rng.below(static_cast<int>(option_ids.size()));
      if (type == "matrix") {
        q["rows"] = json::array();
        const int rows = 1 + rng.below(4);
        for (int r = 0; r < rows; ++r) {
          json row = {{"id", "r" + std::to_string(r)}, {"label", text("R")}};
          if (scored && rng.chance(30)) row["scoring"] = {{"reverse", rng.chance(50)}, {"weight", 1 + rng.below(3)}};
          q["rows"].push_back(row);
        }
      }
      if (type == "number") {
        q["min"] = -rng.below(10);
        q["max"] = 1 + rng.below(100);
        q["integer"] = rng.chance(50);
      }
      if (type == "text") q["maxLength"] = 5 + rng.below(50);
      if (!choices.empty() && rng.chance(35)) {
        const auto& [cid, opts] = choices[rng.below(static_cast<int>(choices.size()))];
        q["visibleIf"] = rng.chance(50) ? "q." + cid + " == '" + opts[rng.below(static_cast<int>(opts.size()))] + "'"
                                        : "answered(q." + cid + ")";
      }
      if (rng.chance(20)) q["required"] = true;
      if (type == "single" || type == "scale") choices.emplace_back(id, option_ids);
      sec["questions"].push_back(q);
    }
    doc["sections"].push_back(sec);
  }
  // a dimension nothing scores would be refused: drop the unused ones
  json used = json::array();
  for (int d = 0; d < dims; ++d)
    if (d < next_dim) used.push_back(doc["dimensions"][d]);
  doc["dimensions"] = used;
  if (used.empty()) {
    // nothing scored: score the first non-text question
    for (auto& sec : doc["sections"])
      for (auto& q : sec["questions"])
        if (used.empty() && q["type"] != "text") {
          q["scoring"] = {{"dimension", "d0"}};
          used.push_back({{"id", "d0"}, {"label", text("D0")}});
        }
    if (used.empty()) {
      doc["sections"][0]["questions"].push_back({{"id", "qx"}, {"type", "number"}, {"text", text("x")}, {"min", 0},
                                                 {"max", 1}, {"scoring", {{"dimension", "d0"}}}});
      used.push_back({{"id", "d0"}, {"label", text("D0")}});
    }
    doc["dimensions"] = used;
  }
  return doc;
}

/// Random answers: mostly valid, sometimes don't know, sometimes absent, sometimes wrong.
json generate_answers(Rng& rng, const json& doc) {
  json answers = json::object();
  for (const auto& sec : doc["sections"])
    for (const auto& q : sec["questions"]) {
      if (rng.chance(20)) continue;
      const std::string id = q["id"];
      const std::string type = q["type"];
      if (rng.chance(7)) {
        answers[id] = rng.chance(50) ? json(true) : json("???");
        continue;
      }
      std::vector<std::string> opts;
      if (q.contains("options"))
        for (const auto& o : q["options"]) opts.push_back(o["id"]);
      if (type == "single" || type == "scale") answers[id] = opts[rng.below(static_cast<int>(opts.size()))];
      if (type == "multiple") {
        json sel = json::array();
        for (const auto& o : opts)
          if (o != "nsp" && rng.chance(40)) sel.push_back(o);
        if (rng.chance(10)) sel = {"nsp"};
        answers[id] = sel;
      }
      if (type == "matrix") {
        json rows = json::object();
        for (const auto& r : q["rows"])
          if (rng.chance(80)) rows[r["id"].get<std::string>()] = opts[rng.below(static_cast<int>(opts.size()))];
        answers[id] = rows;
      }
      if (type == "number") answers[id] = q["min"].get<int>() + rng.below(q["max"].get<int>() - q["min"].get<int>() + 1);
      if (type == "text") answers[id] = std::string(static_cast<std::size_t>(rng.below(60)), 'x');
    }
  if (rng.chance(10)) answers["inconnue"] = 1;
  return answers;
}

/// The answers object written with its members in reverse order.
std::string reversed_text(const json& answers) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : answers.items()) parts.push_back(json(k).dump() + ":" + v.dump());
  std::reverse(parts.begin(), parts.end());
  std::string out = "{";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
  return out + "}";
}

}  // namespace

TEST_CASE("properties: over 300 generated questionnaires and answer sets") {
  Rng rng{20181127};
  for (int round = 0; round < 300; ++round) {
    CAPTURE(round);
    const json doc = generate_questionnaire(rng);
    auto loaded = catalyse::load_questionnaire(doc.dump());
    INFO(test::listing(loaded.errors));
    REQUIRE(loaded.questionnaire);
    const auto& q = *loaded.questionnaire;
    for (int a = 0; a < 3; ++a) {
      const json answers = generate_answers(rng, doc);
      const std::string out = catalyse::api::score(q, answers.dump(), "fr");
      const json r = json::parse(out)["result"];
      // scores within 0–100, answered within items, levels consistent
      for (const auto& d : r["dimensions"]) {
        CHECK(d["answered"] <= d["items"]);
        if (d["status"] == "ok") {
          CHECK(d["score"] >= 0.0);
          CHECK(d["score"] <= 100.0);
          CHECK_FALSE(d["level"].is_null());
        } else {
          CHECK(d["score"].is_null());
        }
      }
      if (!r["index"].is_null()) {
        const double index = r["index"];
        CHECK(index >= 0.0);
        CHECK(index <= 100.0);
        CHECK(r["level"]["min"].get<double>() <= index);
        for (const auto& l : doc["levels"])
          if (l["min"].get<double>() <= index) CHECK(l["min"].get<double>() <= r["level"]["min"].get<double>());
      } else {
        CHECK(r["level"].is_null());
      }
      // the order of members never changes the result, and scoring twice gives the same bytes
      CHECK(catalyse::api::score(q, reversed_text(answers), "fr") == out);
      CHECK(catalyse::api::score(q, answers.dump(), "fr") == out);
      // answers to hidden questions change nothing
      json without_hidden = answers;
      for (const auto& sec : doc["sections"])
        for (const auto& qq : sec["questions"]) {
          const auto& visible = r["visible"];
          if (std::find(visible.begin(), visible.end(), qq["id"]) == visible.end()) without_hidden.erase(qq["id"].get<std::string>());
        }
      CHECK(catalyse::api::score(q, without_hidden.dump(), "fr") == out);
      // progress never exceeds what is visible
      CHECK(r["progress"]["answered"] <= r["progress"]["visible"]);
      CHECK(r["progress"]["visible"] == r["visible"].size());
    }
  }
}
