// Progress over time (docs/COMPARE.md, "catalyse-comparison/1"): two results of one respondent, or
// two aggregates of a group, compared by id (dimensions, questions, options, rows), across
// questionnaire versions. What cannot be compared is said with a reason code and its message,
// never guessed. Nothing is re-scored here: a result's scores are the core's, as written.
#include <catalyse/compare.hpp>
#include <catalyse/json.hpp>
#include <catalyse/messages.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace catalyse::comparison {
namespace {

constexpr std::size_t max_compare_bytes = std::size_t{1} << 24;  // one result or aggregate (16 MiB)

/// {"code","params","message"}: why something is not compared, or a note.
json reason(std::string_view code, const Params& params, std::string_view lang) {
  json p = json::object();
  for (const auto& [k, v] : params) p[k] = v;
  return json{{"code", std::string(code)}, {"params", std::move(p)}, {"message", message(code, params, lang)}};
}

/// The document inside what a person or a tool may give: the result itself, the widget's
/// download {record, result}, or the core's answer {"ok":true,"result":…} (the same for
/// "aggregate"). Null when it is none of these.
const json* inner(const json& doc, const char* member, const char* format) {
  if (!doc.is_object()) return nullptr;
  auto f = doc.find("format");
  if (f != doc.end() && f->is_string() && f->get_ref<const std::string&>() == format) return &doc;
  auto m = doc.find(member);
  if (m != doc.end()) return inner(*m, member, format);
  return nullptr;
}

std::string text_of(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

/// A score or figure, when it is a number.
std::optional<double> number_of(const json* j) {
  if (!j || !j->is_number()) return std::nullopt;
  return j->get<double>();
}

/// later − earlier, to one decimal, exact on scores (tenths).
json change(std::optional<double> earlier, std::optional<double> later) {
  if (!earlier || !later) return nullptr;
  return std::round(std::round(*later * 10.0) - std::round(*earlier * 10.0)) / 10.0;
}

/// Objects of an array by their "id" (or `key`), in order.
std::vector<const json*> items(const json* list) {
  std::vector<const json*> out;
  if (list && list->is_array())
    for (const auto& x : *list)
      if (x.is_object()) out.push_back(&x);
  return out;
}

const json* by_id(const std::vector<const json*>& list, const std::string& id, const char* key = "id") {
  for (const auto* x : list)
    if (text_of(*x, key) == id) return x;
  return nullptr;
}

json questionnaire_of(const json& doc) {
  const json* q = member(doc, "questionnaire");
  return json{{"id", q ? text_of(*q, "id") : ""}, {"version", q ? text_of(*q, "version") : ""}, {"hash", q ? text_of(*q, "hash") : ""}};
}

/// Reads both documents; an error names which one is wrong and what was expected.
struct Pair {
  json earlier_doc, later_doc;
  const json* earlier = nullptr;
  const json* later = nullptr;
  Issues errors;
};

Pair read_pair(std::string_view earlier_text, std::string_view later_text, const char* member_name, const char* format,
               const char* expected_code) {
  Pair p;
  auto one = [&](std::string_view text, const char* path, json& doc, const json*& out) {
    ParsedJson parsed = parse_json(text, max_compare_bytes);
    if (parsed.error) {
      Issue e = std::move(*parsed.error);
      e.path = path + e.path;
      p.errors.push_back(std::move(e));
      return;
    }
    doc = std::move(parsed.value);
    out = inner(doc, member_name, format);
    if (!out) p.errors.push_back(make_issue(path, expected_code));
  };
  one(earlier_text, "/earlier", p.earlier_doc, p.earlier);
  one(later_text, "/later", p.later_doc, p.later);
  return p;
}

std::string failure(Issues errors, std::string_view lang) {
  localise_issues(errors, lang);
  json list = json::array();
  for (const auto& e : errors) {
    json params = json::object();
    for (const auto& [k, v] : e.params) params[k] = v;
    list.push_back(json{{"path", e.path}, {"code", e.code}, {"params", std::move(params)}, {"message", e.message}});
  }
  return dump(json{{"ok", false}, {"errors", std::move(list)}});
}

/// What both comparisons say first: the two questionnaires, and whether they can be compared.
struct Frame {
  json out = json::object();
  bool comparable = true;       // same questionnaire id
  json not_comparable;          // the reason when not
  std::set<std::string> earlier_dims, later_dims;
};

Frame frame(const json& earlier, const json& later, const char* kind, std::string_view lang) {
  Frame f;
  const json qe = questionnaire_of(earlier), ql = questionnaire_of(later);
  f.out["format"] = "catalyse-comparison/1";
  f.out["kind"] = kind;
  f.out["lang"] = std::string(lang);
  f.out["earlier"] = json{{"questionnaire", qe}};
  f.out["later"] = json{{"questionnaire", ql}};
  f.out["notes"] = json::array();
  f.comparable = qe["id"] == ql["id"];
  f.out["sameQuestionnaire"] = f.comparable;
  f.out["sameVersion"] = f.comparable && qe["hash"] == ql["hash"];
  if (!f.comparable) {
    f.not_comparable = reason("compare.other-questionnaire", {{"earlier", qe["id"].get<std::string>()}, {"later", ql["id"].get<std::string>()}}, lang);
    f.out["notes"].push_back(f.not_comparable);
  } else if (qe["hash"] != ql["hash"]) {
    f.out["notes"].push_back(reason("compare.other-version",
                                    {{"earlier", qe["version"].get<std::string>()}, {"later", ql["version"].get<std::string>()}}, lang));
  }
  for (const auto* d : items(member(earlier, "dimensions"))) f.earlier_dims.insert(text_of(*d, "id"));
  for (const auto* d : items(member(later, "dimensions"))) f.later_dims.insert(text_of(*d, "id"));
  return f;
}

/// Dimensions by id: those of the later document in its order, then those only the earlier had.
/// `entry(earlier_item, later_item)` fills the figures of one dimension present in both.
template <class Entry>
json dimensions(const Frame& f, const json& earlier, const json& later, std::string_view lang, Entry&& entry) {
  json list = json::array();
  const auto e_items = items(member(earlier, "dimensions"));
  const auto l_items = items(member(later, "dimensions"));
  const bool same_lang = text_of(earlier, "lang") == text_of(later, "lang");
  const std::string version = questionnaire_of(earlier)["version"].get<std::string>();
  for (const auto* l : l_items) {
    const std::string id = text_of(*l, "id");
    json item{{"id", id}, {"label", text_of(*l, "label")}};
    const json* e = f.comparable ? by_id(e_items, id) : nullptr;
    if (!f.comparable) {
      item["comparable"] = false;
      item["reason"] = f.not_comparable;
    } else if (!e) {
      item["comparable"] = false;
      item["reason"] = reason("compare.dimension-added", {{"version", version}}, lang);
    } else {
      // A dimension renamed between versions keeps its id: compared, both names given.
      if (same_lang && text_of(*e, "label") != text_of(*l, "label")) item["earlierLabel"] = text_of(*e, "label");
      entry(*e, *l, item);
    }
    list.push_back(std::move(item));
  }
  if (f.comparable) {
    for (const auto* e : e_items) {
      const std::string id = text_of(*e, "id");
      if (by_id(l_items, id)) continue;
      json item{{"id", id}, {"label", text_of(*e, "label")}};
      entry(*e, json::object(), item);  // the earlier figures, then why they are not compared
      item["comparable"] = false;
      item["reason"] = reason("compare.dimension-removed", {}, lang);
      list.push_back(std::move(item));
    }
  }
  return list;
}

/// The index is an average of dimensions: two indexes over other sets of dimensions are not compared.
std::optional<json> index_reason(const Frame& f, std::string_view lang) {
  if (!f.comparable) return f.not_comparable;
  if (f.earlier_dims != f.later_dims) {
    std::string changed;
    for (const auto& d : f.earlier_dims)
      if (!f.later_dims.count(d)) changed += (changed.empty() ? "" : ", ") + d;
    for (const auto& d : f.later_dims)
      if (!f.earlier_dims.count(d)) changed += (changed.empty() ? "" : ", ") + d;
    return reason("compare.index-dimensions", {{"dimensions", changed}}, lang);
  }
  return std::nullopt;
}

/// The language asked for, else the later document's.
std::string language(std::string_view lang, const json& later) {
  return !lang.empty() ? std::string(lang) : text_of(later, "lang");
}

/// A comparison of two documents of one `kind` ("result", "aggregate": the member of the core's
/// answer that holds it) and `format`: both read (`expected_code` when one is of another kind),
/// the language settled and the frame written, then `body` compares them.
using Body = std::string (*)(const json& earlier, const json& later, const std::string& lang, Frame f);
std::string compared(std::string_view earlier_text, std::string_view later_text, std::string_view asked, const char* kind,
                     const char* format, const char* expected_code, Body body) {
  Pair p = read_pair(earlier_text, later_text, kind, format, expected_code);
  if (!p.errors.empty()) return failure(std::move(p.errors), asked);
  const std::string lang = language(asked, *p.later);
  return body(*p.earlier, *p.later, lang, frame(*p.earlier, *p.later, kind, lang));
}

std::string compare_results(const json& earlier, const json& later, const std::string& lang, Frame f) {

  f.out["dimensions"] = dimensions(f, earlier, later, lang, [&](const json& e, const json& l, json& item) {
    const auto es = number_of(member(e, "score")), ls = number_of(member(l, "score"));
    item["earlier"] = es ? json(*es) : json(nullptr);
    item["later"] = ls ? json(*ls) : json(nullptr);
    item["change"] = change(es, ls);
    item["comparable"] = es && ls;
    if (!es) item["reason"] = reason("compare.insufficient-earlier", {}, lang);
    else if (!ls) item["reason"] = reason("compare.insufficient-later", {}, lang);
    else item["reason"] = nullptr;
  });

  const auto ei = number_of(member(earlier, "index")), li = number_of(member(later, "index"));
  json index{{"earlier", ei ? json(*ei) : json(nullptr)}, {"later", li ? json(*li) : json(nullptr)}, {"change", nullptr},
             {"comparable", false}, {"reason", nullptr}};
  if (auto why = index_reason(f, lang)) index["reason"] = *why;
  else if (!ei) index["reason"] = reason("compare.insufficient-earlier", {}, lang);
  else if (!li) index["reason"] = reason("compare.insufficient-later", {}, lang);
  else {
    index["change"] = change(ei, li);
    index["comparable"] = true;
  }
  f.out["index"] = std::move(index);

  auto level = [](const json& r) -> json {
    const json* l = member(r, "level");
    if (!l || !l->is_object()) return nullptr;
    return json{{"id", text_of(*l, "id")}, {"label", text_of(*l, "label")}};
  };
  f.out["level"] = json{{"earlier", level(earlier)}, {"later", level(later)}};
  return dump(json{{"ok", true}, {"comparison", std::move(f.out)}});
}

// ---------------------------------------------------------------------------------------------
// Two aggregates of a group

std::size_t size_of(const json* j) {
  return j && j->is_number_unsigned() ? j->get<std::size_t>() : j && j->is_number_integer() && j->get<long long>() > 0 ? static_cast<std::size_t>(j->get<long long>()) : 0;
}

/// One side of a figure: its n (or base) and values, shown only from `min_group` on.
json side(std::size_t n, std::size_t min_group, std::initializer_list<std::pair<const char*, const json*>> values) {
  json s{{"n", n}};
  for (const auto& [k, v] : values) s[k] = n >= min_group && v ? *v : json(nullptr);
  return s;
}

/// Options (by id) of two counted lists: shares in percentage points, both bases.
json option_changes(const json* earlier_options, const json* later_options, std::size_t eb, std::size_t lb,
                    std::size_t min_group, std::string_view lang) {
  json list = json::array();
  const auto e_items = items(earlier_options), l_items = items(later_options);
  const bool shown = eb >= min_group && lb >= min_group;
  auto add = [&](const json* e, const json* l) {
    const json& any = l ? *l : *e;
    json item{{"id", text_of(any, "id")}, {"label", text_of(any, "label")}};
    const auto ep = shown && e ? number_of(member(*e, "percent")) : std::nullopt;
    const auto lp = shown && l ? number_of(member(*l, "percent")) : std::nullopt;
    item["earlier"] = ep ? json{{"count", *member(*e, "count")}, {"percent", *ep}} : json(nullptr);
    item["later"] = lp ? json{{"count", *member(*l, "count")}, {"percent", *lp}} : json(nullptr);
    item["change"] = ep && lp ? json(static_cast<long long>(*lp) - static_cast<long long>(*ep)) : json(nullptr);  // points
    if (!e) item["reason"] = reason("compare.option-added", {}, lang);
    else if (!l) item["reason"] = reason("compare.option-removed", {}, lang);
    else if (!shown) item["reason"] = reason("compare.too-few", {{"minGroup", std::to_string(min_group)}}, lang);
    else item["reason"] = nullptr;
    list.push_back(std::move(item));
  };
  for (const auto* l : l_items) add(by_id(e_items, text_of(*l, "id")), l);
  for (const auto* e : e_items)
    if (!by_id(l_items, text_of(*e, "id"))) add(e, nullptr);
  return list;
}

std::string compare_aggregates(const json& earlier, const json& later, const std::string& lang, Frame f) {
  // The stricter of the two minimums applies to both sides.
  const std::size_t min_group = std::max<std::size_t>({size_of(member(earlier, "minGroup")), size_of(member(later, "minGroup")), 3});
  f.out["minGroup"] = min_group;
  f.out["earlier"]["n"] = size_of(member(earlier, "n"));
  f.out["later"]["n"] = size_of(member(later, "n"));

  auto distribution = [&](const json& e, const json& l, json& item) {
    const std::size_t en = size_of(member(e, "n")), ln = size_of(member(l, "n"));
    item["earlier"] = side(en, min_group, {{"mean", member(e, "mean")}, {"median", member(e, "median")}});
    item["later"] = side(ln, min_group, {{"mean", member(l, "mean")}, {"median", member(l, "median")}});
    const bool shown = en >= min_group && ln >= min_group;
    item["comparable"] = shown;
    item["change"] = shown ? json{{"mean", change(number_of(member(e, "mean")), number_of(member(l, "mean")))},
                                  {"median", change(number_of(member(e, "median")), number_of(member(l, "median")))}}
                           : json(nullptr);
    item["reason"] = shown ? json(nullptr) : reason("compare.too-few", {{"minGroup", std::to_string(min_group)}}, lang);
  };
  f.out["dimensions"] = dimensions(f, earlier, later, lang, distribution);
  json index = json::object();
  const json* ei = member(earlier, "index");
  const json* li = member(later, "index");
  distribution(ei ? *ei : json::object(), li ? *li : json::object(), index);
  if (auto why = index_reason(f, lang)) {
    index["comparable"] = false;
    index["change"] = nullptr;
    index["reason"] = *why;
  }
  f.out["index"] = std::move(index);

  json questions = json::array();
  const auto e_questions = items(member(earlier, "questions"));
  for (const auto* l : items(member(later, "questions"))) {
    const std::string id = text_of(*l, "id"), type = text_of(*l, "type");
    if (type != "single" && type != "scale" && type != "multiple" && type != "matrix") continue;  // counted options only
    json item{{"id", id}, {"text", text_of(*l, "text")}, {"type", type}};
    const json* e = f.comparable ? by_id(e_questions, id) : nullptr;
    const std::size_t lb = size_of(member(*l, "base")), eb = e ? size_of(member(*e, "base")) : 0;
    item["later"] = json{{"base", lb}};
    item["earlier"] = e ? json{{"base", eb}} : json(nullptr);
    if (!f.comparable) {
      item["reason"] = f.not_comparable;
    } else if (!e) {
      item["reason"] = reason("compare.question-added", {}, lang);
    } else if (text_of(*e, "type") != type) {
      item["reason"] = reason("compare.question-type", {{"earlier", text_of(*e, "type")}, {"later", type}}, lang);
    } else {
      item["reason"] = eb >= min_group && lb >= min_group ? json(nullptr) : reason("compare.too-few", {{"minGroup", std::to_string(min_group)}}, lang);
      if (type == "matrix") {
        json rows = json::array();
        const auto e_rows = items(member(*e, "rows"));
        for (const auto* lr : items(member(*l, "rows"))) {
          const json* er = by_id(e_rows, text_of(*lr, "id"));
          const std::size_t lrb = size_of(member(*lr, "base")), erb = er ? size_of(member(*er, "base")) : 0;
          json row{{"id", text_of(*lr, "id")}, {"label", text_of(*lr, "label")}, {"later", json{{"base", lrb}}},
                   {"earlier", er ? json{{"base", erb}} : json(nullptr)}};
          if (!er) {
            row["reason"] = reason("compare.row-added", {}, lang);
          } else {
            row["options"] = option_changes(member(*er, "options"), member(*lr, "options"), erb, lrb, min_group, lang);
            row["reason"] = erb >= min_group && lrb >= min_group ? json(nullptr) : reason("compare.too-few", {{"minGroup", std::to_string(min_group)}}, lang);
          }
          rows.push_back(std::move(row));
        }
        item["rows"] = std::move(rows);
      } else {
        item["options"] = option_changes(member(*e, "options"), member(*l, "options"), eb, lb, min_group, lang);
      }
    }
    questions.push_back(std::move(item));
  }
  if (f.comparable) {
    for (const auto* e : e_questions) {
      const std::string type = text_of(*e, "type");
      if (type != "single" && type != "scale" && type != "multiple" && type != "matrix") continue;
      if (by_id(items(member(later, "questions")), text_of(*e, "id"))) continue;
      questions.push_back(json{{"id", text_of(*e, "id")}, {"text", text_of(*e, "text")}, {"type", type},
                               {"earlier", json{{"base", size_of(member(*e, "base"))}}}, {"later", nullptr},
                               {"reason", reason("compare.question-removed", {}, lang)}});
    }
  }
  f.out["questions"] = std::move(questions);
  return dump(json{{"ok", true}, {"comparison", std::move(f.out)}});
}

}  // namespace

std::string results(std::string_view earlier, std::string_view later, std::string_view lang) {
  return compared(earlier, later, lang, "result", "catalyse-result/1", "compare.expected-result", compare_results);
}

std::string aggregates(std::string_view earlier, std::string_view later, std::string_view lang) {
  return compared(earlier, later, lang, "aggregate", "catalyse-aggregate/1", "compare.expected-aggregate", compare_aggregates);
}

}  // namespace catalyse::comparison
