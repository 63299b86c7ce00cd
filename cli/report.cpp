#include "report.hpp"

#include <catalyse/utf8.hpp>

#include <algorithm>
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
};

const Words fr = {"Catalyse — résultats de groupe", "Questionnaire", "Réponses agrégées", "Sources",
                  "enregistrements lus", "retenus", "doublons identiques", "conflits d'identifiant",
                  "mal formés", "d'un autre questionnaire", "réponses invalides ignorées",
                  "fichiers illisibles", "Problèmes", "autres problèmes non listés", "réponses",
                  "Dimensions (scores 0–100)", "moyenne", "médiane", "sans assez de réponses",
                  "Indice global", "Niveaux (indicatifs)", "sans indice", "Stade déclaré",
                  "en accord avec le niveau calculé", "Répartition par", "masqué (moins de ",
                  "enregistrement", "fichier", "deux premières réponses (++)",
                  "texte libre : non affiché", "impossible à ouvrir (absent ou illisible), laissé de côté"};
const Words en = {"Catalyse — group results", "Questionnaire", "Responses aggregated", "Sources",
                  "records read", "kept", "identical duplicates", "id conflicts", "malformed",
                  "of another questionnaire", "invalid answers left out", "unreadable files",
                  "Problems", "more problems not listed", "answers", "Dimensions (scores 0–100)", "mean",
                  "median", "without enough answers", "Overall index", "Levels (indicative)", "no index",
                  "Declared stage", "agreeing with the computed level", "Breakdown by",
                  "hidden (fewer than ", "record", "file", "top two answers (++)",
                  "free text: not shown", "cannot be opened (missing or unreadable), left out"};

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
  return o.str();
}

}  // namespace catalyse::cli
