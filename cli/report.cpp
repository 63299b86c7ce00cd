#include "report.hpp"

#include <catalyse/utf8.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace catalyse::cli {

namespace {

using nlohmann::json;

struct Words {
  const char* title;
  const char* questionnaire;
  const char* n;
  const char* sources;
  const char* read;
  const char* kept;
  const char* duplicates;
  const char* conflicts;
  const char* malformed;
  const char* other;
  const char* answer_errors;
  const char* unreadable;
  const char* problems;
  const char* omitted;
  const char* answers;
  const char* dimensions;
  const char* mean;
  const char* median;
  const char* insufficient;
  const char* index;
  const char* levels;
  const char* no_level;
  const char* declared;
  const char* agree;
  const char* breakdown;
  const char* hidden;
  const char* record;
  const char* file;
  const char* top_two;
  const char* not_shown;
  const char* unopened;
  const char* crossed;
  const char* spread;
  const char* actors;
  const char* discuss;
  const char* dispersion;
  const char* dont_know;
  const char* gaps;
  const char* stages;
  const char* ahead;
  const char* behind;
  const char* not_enough;
};

const Words fr = {"Catalyse — résultats de groupe", "Questionnaire", "Réponses agrégées", "Sources",
                  "enregistrements lus", "retenus", "doublons identiques", "conflits d'identifiant",
                  "mal formés", "d'un autre questionnaire", "réponses invalides ignorées",
                  "fichiers illisibles", "Problèmes", "autres problèmes non listés", "réponses",
                  "Dimensions (scores 0–100)", "moyenne", "médiane", "sans assez de réponses",
                  "Indice global", "Niveaux (indicatifs)", "sans indice", "Stade déclaré",
                  "en accord avec le niveau calculé", "Répartition par", "masqué (moins de ",
                  "enregistrement", "fichier", "deux premières réponses (++)",
                  "texte libre : non affiché", "impossible à ouvrir (absent ou illisible), laissé de côté",
                  "Regards croisés", "Dispersion des scores (min, 1er quartile, médiane, 3e quartile, max)",
                  "Par type d'acteur", "Points à discuter (réponses les plus divergentes)", "divergence",
                  "ne sait pas", "Plus grands écarts entre types d'acteurs (médianes)", "Stade déclaré et niveau calculé",
                  "se situent plus haut que leur score", "se situent plus bas que leur score",
                  "moins de {min} scores : non affiché"};
const Words en = {"Catalyse — group results", "Questionnaire", "Responses aggregated", "Sources",
                  "records read", "kept", "identical duplicates", "id conflicts", "malformed",
                  "of another questionnaire", "invalid answers left out", "unreadable files",
                  "Problems", "more problems not listed", "answers", "Dimensions (scores 0–100)", "mean",
                  "median", "without enough answers", "Overall index", "Levels (indicative)", "no index",
                  "Declared stage", "agreeing with the computed level", "Breakdown by",
                  "hidden (fewer than ", "record", "file", "top two answers (++)",
                  "free text: not shown", "cannot be opened (missing or unreadable), left out",
                  "Crossed views", "Spread of scores (min, first quartile, median, third quartile, max)",
                  "By actor type", "Points to discuss (answers that diverge most)", "divergence", "don't know",
                  "Largest gaps between actor types (medians)", "Declared stage and computed level",
                  "place their territory above its score", "place their territory below its score",
                  "fewer than {min} scores: not shown"};

std::size_t width(const std::string& s) { return catalyse::utf8_characters(s); }

std::string pad(const std::string& s, std::size_t w) {
  const std::size_t have = width(s);
  if (have >= w) return s;
  return s + std::string(w - have, ' ');
}

std::string num(const json& v) {
  if (v.is_null()) return "—";
  if (v.is_number_integer() || v.is_number_unsigned()) return std::to_string(v.get<long long>());
  std::ostringstream o;
  o.precision(1);
  o << std::fixed << v.get<double>();
  return o.str();
}

std::string right(const std::string& s, std::size_t w) {
  const std::size_t have = width(s);
  return have >= w ? s : std::string(w - have, ' ') + s;
}

std::string bar(const json& percent) {
  const long p = percent.is_number() ? percent.get<long>() : 0;
  const long cells = (p + 2) / 5;  // 20 cells for 100 %
  std::string out;
  for (long i = 0; i < 20; ++i) out += i < cells ? "█" : "·";
  return out;
}

void options_block(std::ostringstream& o, const json& options, const json& base, const std::string& indent) {
  std::size_t w = 0;
  for (const auto& opt : options) w = std::max(w, width(opt.value("label", "")));
  w = std::min<std::size_t>(w, 48);
  for (const auto& opt : options) {
    o << indent << pad(opt.value("label", ""), w) << "  " << bar(opt["percent"]) << "  " << right(num(opt["count"]), 5)
      << "/" << num(base) << "  " << right(num(opt["percent"]), 3) << " %\n";
  }
}

std::string two_decimals(double v) {
  std::ostringstream o;
  o.precision(2);
  o << std::fixed << v;
  return o.str();
}

/// One spread as a line: the 0–100 scale drawn with ─ between min and max, ━ between the quartiles, ┃ at the median.
std::string spread_line(const json& s, const Words& t, const json& min_group) {
  if (s.value("hidden", false) || s["median"].is_null()) {
    std::string words = t.not_enough;
    const auto at = words.find("{min}");
    if (at != std::string::npos) words.replace(at, 5, num(min_group));
    return "n = " + num(s["n"]) + "  " + words;
  }
  auto cell = [](double v) { return static_cast<long>(std::lround(v / 5.0)); };  // 21 cells for 0–100
  const long lo = cell(s["min"].get<double>()), q1 = cell(s["q1"].get<double>()), md = cell(s["median"].get<double>()),
             q3 = cell(s["q3"].get<double>()), hi = cell(s["max"].get<double>());
  std::string line;
  for (long i = 0; i <= 20; ++i) line += i == md ? "┃" : (i >= q1 && i <= q3) ? "━" : (i >= lo && i <= hi) ? "─" : "·";
  return line + "  n = " + num(s["n"]) + "  " + num(s["min"]) + " | " + num(s["q1"]) + " | " + num(s["median"]) + " | " +
         num(s["q3"]) + " | " + num(s["max"]);
}

void crossed_block(std::ostringstream& o, const json& c, const Words& t) {
  o << "\n" << t.crossed << "\n" << std::string(width(t.crossed), '-') << "\n";
  if (c["note"].is_string()) o << c.value("note", "") << "\n";
  o << "\n" << t.spread << "\n";
  std::size_t w = width(t.index);
  for (const auto& d : c["spreads"]) w = std::max(w, width(d.value("label", "")));
  w = std::min<std::size_t>(w, 40);
  for (const auto& d : c["spreads"]) o << "  " << pad(d.value("label", ""), w) << "  " << spread_line(d, t, c["minGroup"]) << "\n";
  o << "  " << pad(t.index, w) << "  " << spread_line(c["index"], t, c["minGroup"]) << "\n";
  o << "  " << c.value("quartiles", "") << "\n";

  if (c["actors"].is_object()) {
    const json& actors = c["actors"];
    o << "\n" << t.actors << " « " << actors.value("text", "") << " »\n";
    for (const auto& g : actors["groups"]) {
      o << "  " << g.value("label", "") << "  ";
      if (g.value("hidden", false)) {
        o << t.hidden << num(c["minGroup"]) << ")\n";
        continue;
      }
      o << "(n = " << num(g["n"]) << ")\n";
      if (!g.contains("dimensions")) continue;
      for (const auto& d : g["dimensions"]) o << "    " << pad(d.value("label", ""), w) << "  " << spread_line(d, t, c["minGroup"]) << "\n";
      o << "    " << pad(t.index, w) << "  " << spread_line(g["index"], t, c["minGroup"]) << "\n";
    }
    if (actors.contains("note")) o << "  " << actors.value("note", "") << "\n";
  }

  if (!c["gaps"].empty()) {
    o << "\n" << t.gaps << "\n";
    for (const auto& g : c["gaps"]) {
      o << "  " << pad(g.value("label", ""), w) << "  " << num(g["gap"]) << " : " << g["high"].value("label", "") << " "
        << num(g["high"]["median"]) << " (n = " << num(g["high"]["n"]) << "), " << g["low"].value("label", "") << " "
        << num(g["low"]["median"]) << " (n = " << num(g["low"]["n"]) << ")\n";
    }
  }

  if (!c["discuss"].empty()) {
    o << "\n" << t.discuss << "\n";
    for (const auto& d : c["discuss"]) {
      o << "  " << d.value("text", "");
      if (d["label"].is_string()) o << " — " << d.value("label", "");
      o << "  (" << t.dispersion << " " << two_decimals(d["dispersion"].get<double>()) << "; n = " << num(d["n"]) << ", "
        << t.dont_know << " " << num(d["dontKnow"]) << ")\n";
      options_block(o, d["options"], d["base"], "    ");
    }
    o << "  " << c.value("dispersion", "") << "\n";
  }

  if (c["stages"].is_object()) {
    const json& st = c["stages"];
    o << "\n" << t.stages << "  (n = " << num(st["base"]) << ")\n";
    if (st.value("hidden", false)) {
      std::string words = t.not_enough;
      const auto at = words.find("{min}");
      if (at != std::string::npos) words.replace(at, 5, num(c["minGroup"]));
      o << "  " << words << "\n";
    } else {
      o << "  " << t.agree << ": " << num(st["agree"]) << "/" << num(st["compared"]) << "\n";
      o << "  " << num(st["ahead"]) << " " << t.ahead << "\n";
      o << "  " << num(st["behind"]) << " " << t.behind << "\n";
    }
  }
}

}  // namespace

std::string report(const json& a) {
  const Words& t = a.value("lang", "fr") == "en" ? en : fr;
  std::ostringstream o;
  o << t.title << "\n" << std::string(width(t.title), '=') << "\n";
  o << t.questionnaire << ": " << a["questionnaire"].value("id", "") << " " << a["questionnaire"].value("version", "") << " ("
    << a["questionnaire"].value("hash", "") << ")\n";
  o << t.n << ": n = " << num(a["n"]) << "\n";
  const json& in = a["input"];
  o << t.sources << ": " << in["sources"].size() << " — " << num(in["records"]) << " " << t.read << ", " << num(in["accepted"]) << " "
    << t.kept << ", " << num(in["duplicates"]) << " " << t.duplicates << ", " << num(in["conflicts"]) << " " << t.conflicts << ", "
    << num(in["malformed"]) << " " << t.malformed << ", " << num(in["otherQuestionnaire"]) << " " << t.other << ", "
    << num(in["answerErrors"]) << " " << t.answer_errors << ", " << num(in["unreadableSources"]) << " " << t.unreadable << "\n";
  for (const auto& s : in["sources"]) {
    o << "  [" << num(s["index"]) << "] " << s.value("name", "") << ": " << num(s["records"]) << " " << t.read << ", "
      << num(s["accepted"]) << " " << t.kept << ", " << num(s["duplicates"]) << " " << t.duplicates << "\n";
  }
  if (in.contains("unopenedFiles")) {
    for (const auto& f : in["unopenedFiles"]) o << "  " << t.file << " " << f.get<std::string>() << ": " << t.unopened << "\n";
  }
  o << "\n" << a.value("rounding", "") << "\n";

  const json& problems = a["problems"];
  if (!problems.empty()) {
    o << "\n" << t.problems << " (" << problems.size() + a.value("problemsOmitted", 0) << ")\n";
    for (const auto& p : problems) {
      o << "  " << t.file << " " << num(p["source"]);
      if (!p.value("name", "").empty()) o << " (" << p.value("name", "") << ")";
      if (p.contains("record")) o << ", " << t.record << " " << num(p["record"]);
      if (!p.value("path", "").empty()) o << ", " << p.value("path", "");
      o << ": " << p.value("message", "") << "\n";
    }
    if (a.contains("problemsOmitted")) o << "  … " << num(a["problemsOmitted"]) << " " << t.omitted << "\n";
  }

  for (const auto& q : a["questions"]) {
    const std::string type = q.value("type", "");
    o << "\n" << q.value("text", "") << "  (" << t.answers << ": n = " << num(q["base"]) << ")\n";
    if (type == "single" || type == "scale" || type == "multiple") {
      options_block(o, q["options"], q["base"], "  ");
      if (q.contains("topTwo")) o << "  " << t.top_two << ": " << num(q["topTwo"]["count"]) << "/" << num(q["base"]) << "  " << num(q["topTwo"]["percent"]) << " %\n";
    } else if (type == "matrix") {
      for (const auto& r : q["rows"]) {
        o << "  " << r.value("label", "") << "  (n = " << num(r["base"]) << ")\n";
        options_block(o, r["options"], r["base"], "    ");
        if (r.contains("topTwo")) o << "    " << t.top_two << ": " << num(r["topTwo"]["count"]) << "/" << num(r["base"]) << "  " << num(r["topTwo"]["percent"]) << " %\n";
      }
    } else if (type == "number") {
      const json& s = q["stats"];
      o << "  " << t.mean << " " << num(s["mean"]) << ", " << t.median << " " << num(s["median"]) << ", min " << num(s["min"]) << ", max "
        << num(s["max"]) << "\n";
    } else {
      o << "  " << t.not_shown << "\n";
    }
  }

  auto distribution = [&](const std::string& title, const json& d) {
    o << "\n" << title << "  (n = " << num(d["n"]) << ", " << t.mean << " " << num(d["mean"]) << ", " << t.median << " "
      << num(d["median"]) << "; " << num(d["insufficient"]) << " " << t.insufficient << ")\n";
    for (const auto& b : d["bins"]) {
      o << "    " << right(num(b["from"]), 3) << "–" << pad(num(b["to"]), 3) << "  " << bar(b["percent"]) << "  " << right(num(b["count"]), 5)
        << "/" << num(d["n"]) << "  " << right(num(b["percent"]), 3) << " %\n";
    }
  };
  o << "\n" << t.dimensions << "\n";
  for (const auto& d : a["dimensions"]) distribution("  " + d.value("label", ""), d);
  distribution(t.index, a["index"]);

  o << "\n" << t.levels << "  (n = " << num(a["levels"]["base"]) << ")\n";
  json lv = a["levels"]["levels"];
  options_block(o, lv, a["levels"]["base"], "  ");
  o << "  " << t.no_level << ": " << num(a["levels"]["none"]) << "\n";

  if (a["declared"].is_object()) {
    const json& d = a["declared"];
    o << "\n" << t.declared << "  (n = " << num(d["base"]) << ")\n";
    options_block(o, d["stages"], d["base"], "  ");
    o << "  " << t.agree << ": " << num(d["agree"]) << "/" << (d["agree"].get<long>() + d["disagree"].get<long>()) << "\n";
  }

  for (const auto& b : a["breakdowns"]) {
    o << "\n" << t.breakdown << " « " << b.value("text", "") << " »\n";
    for (const auto& g : b["groups"]) {
      o << "  " << pad(g.value("label", ""), 40) << "  ";
      if (g.value("hidden", false)) {
        o << t.hidden << num(a["minGroup"]) << ")\n";
      } else if (g.contains("index")) {
        o << "n = " << right(num(g["n"]), 4) << "  " << t.index << ": " << t.mean << " " << num(g["index"]["mean"]) << ", " << t.median << " "
          << num(g["index"]["median"]) << "\n";
      } else {
        o << "n = 0\n";
      }
    }
    if (b.contains("note")) o << "  " << b.value("note", "") << "\n";
  }
  if (a.contains("crossed") && a["crossed"].is_object()) crossed_block(o, a["crossed"], t);
  return o.str();
}

}  // namespace catalyse::cli
