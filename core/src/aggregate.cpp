// Aggregation of response records into group results (docs/AGGREGATE.md).
// Each record is checked, deduplicated by its id and re-scored by the core (api::score); this file
// only counts and summarises what the core returns. Input errors are reported, never fatal.
#include <catalyse/aggregate.hpp>
#include <catalyse/api.hpp>
#include <catalyse/model.hpp>
#include <catalyse/questionnaire.hpp>
#include <catalyse/scoring.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

namespace catalyse::aggregation {

using json = nlohmann::json;

namespace {

constexpr std::size_t max_problems = 1000;  // listed; all are counted
constexpr std::size_t max_export_bytes = std::size_t{1} << 28;  // one export file (256 MiB)
constexpr std::string_view record_format = "catalyse-response/1";

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::discarded: return "nothing";
    default: return "a number";
  }
}

// User text quoted in a message: shortened, always placed in JSON by the library (escaped).
std::string quote(std::string_view s) {
  constexpr std::size_t limit = 64;
  std::string out = "\"";
  if (s.size() <= limit) {
    out += s;
  } else {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    out += s.substr(0, cut);
    out += "…";
  }
  return out + "\"";
}

/// A hash of a JSON value's content (object members in sorted order, as nlohmann keeps them),
/// without building its text: two records with the same hash are the same record.
void content_hash(const json& v, std::uint64_t& h) {
  auto mix = [&h](const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 0x100000001b3ULL;
    }
  };
  const auto tag = static_cast<unsigned char>(v.type());
  mix(&tag, 1);
  switch (v.type()) {
    case json::value_t::object:
      for (auto it = v.begin(); it != v.end(); ++it) {
        const std::size_t n = it.key().size();
        mix(&n, sizeof n);
        mix(it.key().data(), n);
        content_hash(it.value(), h);
      }
      mix("}", 1);
      break;
    case json::value_t::array:
      for (const auto& e : v) content_hash(e, h);
      mix("]", 1);
      break;
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      const std::size_t n = s.size();
      mix(&n, sizeof n);
      mix(s.data(), n);
      break;
    }
    case json::value_t::boolean: {
      const unsigned char b = v.get<bool>() ? 1 : 0;
      mix(&b, 1);
      break;
    }
    case json::value_t::number_float: {
      const double d = v.get<double>();
      mix(&d, sizeof d);
      break;
    }
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: {
      const std::int64_t i = v.get<std::int64_t>();
      mix(&i, sizeof i);
      break;
    }
    default:
      break;
  }
}

/// Whole-number percentage, rounded half up, computed on integers (14/34 → 41).
json percent(std::size_t count, std::size_t base) {
  if (base == 0) return nullptr;
  return static_cast<std::int64_t>((200 * count + base) / (2 * base));
}

/// One decimal, half away from zero (the precision of the core's scores).
double one_decimal(double x) { return std::round(x * 10.0) / 10.0; }

json stats(std::vector<double>& values) {
  json out = json::object();
  out["n"] = values.size();
  if (values.empty()) {
    out["mean"] = nullptr;
    out["median"] = nullptr;
    out["min"] = nullptr;
    out["max"] = nullptr;
    return out;
  }
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  const std::size_t n = values.size();
  const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
  out["mean"] = one_decimal(sum / static_cast<double>(n));
  out["median"] = one_decimal(median);
  out["min"] = values.front();
  out["max"] = values.back();
  return out;
}

/// Scores 0–100 in ten bins: [0,10), [10,20), … [90,100] (100 falls in the last one).
json bins_of(const std::vector<double>& values) {
  std::size_t counts[10] = {};
  for (double v : values) {
    int b = static_cast<int>(std::floor(v / 10.0));
    counts[std::clamp(b, 0, 9)]++;
  }
  json out = json::array();
  for (int b = 0; b < 10; ++b) {
    out.push_back({{"from", b * 10}, {"to", b * 10 + 10}, {"count", counts[b]},
                   {"percent", percent(counts[b], values.size())}});
  }
  return out;
}

json distribution(std::vector<double>& values, std::size_t insufficient) {
  json out = stats(values);
  out["insufficient"] = insufficient;
  out["bins"] = bins_of(values);
  return out;
}

const char* text_for(const std::string& lang, const char* fr, const char* en) {
  return lang == "en" ? en : fr;
}

// ---------------------------------------------------------------------------------------------
// What aggregation needs to know of the questionnaire (read from the core's model) and of one
// scored record (read from the core's result). Labels are in the aggregate's language.

enum class Kind { single, multiple, scale, matrix, number, text };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::single: return "single";
    case Kind::multiple: return "multiple";
    case Kind::scale: return "scale";
    case Kind::matrix: return "matrix";
    case Kind::number: return "number";
    case Kind::text: return "text";
  }
  return "text";
}

struct ShapeOption {
  std::string id, label;
  std::optional<double> value;
  bool dont_know = false;
};

struct ShapeRow {
  std::string id, label;
};

struct ShapeQuestion {
  std::string id;
  Kind kind = Kind::text;
  std::string text;
  bool scored = false;
  std::vector<ShapeOption> options;
  std::vector<ShapeRow> rows;
  std::unordered_map<std::string, std::size_t> option_ids;

  std::optional<std::size_t> option_index(const std::string& id) const {
    auto it = option_ids.find(id);
    if (it == option_ids.end()) return std::nullopt;
    return it->second;
  }
};

struct ShapeNamed {
  std::string id, label;
  double min = 0;
};

struct ShapeDeclared {
  std::size_t question = 0;
  std::map<std::string, std::string> map;  // option id -> level id
};

struct Shape {
  std::string id, version, hash, lang;
  std::vector<std::string> languages;
  std::vector<ShapeQuestion> questions;
  std::vector<ShapeNamed> dimensions;
  std::vector<ShapeNamed> levels;
  std::optional<ShapeDeclared> declared;
  std::unordered_map<std::string, std::size_t> question_ids, dimension_ids, level_ids;

  std::optional<std::size_t> question_index(const std::string& id) const {
    auto it = question_ids.find(id);
    if (it == question_ids.end()) return std::nullopt;
    return it->second;
  }
};

struct Scored {
  Evaluation evaluation;                     // the core's own checking and scoring of the answers
  std::optional<std::size_t> declared_option;  // option index of the declared stage
  std::optional<bool> agrees;                  // declared stage = computed level
};

bool make_shape(const Questionnaire& q, const std::string& lang, Shape& shape, std::string& error);
void score_record(const Questionnaire& q, const Shape& shape, const nlohmann::json& answers, Scored& out);

// Re-scores one record with the core (scoring.hpp): checked answers, visibility, scores, level.
// The declared stage is read as the core's result reads it (feedback.cpp, declared()).
void score_record(const Questionnaire& q, const Shape& shape, const nlohmann::json& answers, Scored& out) {
  out.evaluation = evaluate(q, answers);
  out.declared_option.reset();
  out.agrees.reset();
  if (!shape.declared || !q.declaredStage) return;
  const Evaluation& e = out.evaluation;
  const std::size_t qi = shape.declared->question;
  if (!e.visible[qi]) return;
  auto a = e.answers.find(q.declaredStage->question);
  if (a == e.answers.end()) return;
  auto m = q.declaredStage->map.find(a->second.choice);
  if (m == q.declaredStage->map.end()) return;  // dontKnow: no declared stage
  out.declared_option = shape.questions[qi].option_index(a->second.choice);
  if (e.level) out.agrees = q.levels[*e.level].id == m->second;
}

// The questionnaire's structure, labels in `lang`, from the core's model.
bool make_shape(const Questionnaire& q, const std::string& wanted, Shape& s, std::string& error) {
  const std::string lang = wanted.empty() ? (q.languages.empty() ? std::string("fr") : q.languages.front()) : wanted;
  if (std::find(q.languages.begin(), q.languages.end(), lang) == q.languages.end()) {
    error = "the questionnaire is not offered in " + quote(lang) + "; it offers";
    for (const auto& l : q.languages) error += " " + quote(l);
    return false;
  }
  s.id = q.id;
  s.version = q.version;
  s.hash = q.compiled.hash;
  s.lang = lang;
  s.languages = q.languages;
  std::vector<bool> scored(q.compiled.questions.size(), false);
  for (const auto& item : q.compiled.items) {
    if (item.question < scored.size()) scored[item.question] = true;
  }
  for (std::size_t n = 0; n < q.compiled.questions.size(); ++n) {
    const Question& qq = q.question(n);
    ShapeQuestion sq;
    sq.id = qq.id;
    switch (qq.type) {
      case QuestionType::single: sq.kind = Kind::single; break;
      case QuestionType::multiple: sq.kind = Kind::multiple; break;
      case QuestionType::scale: sq.kind = Kind::scale; break;
      case QuestionType::matrix: sq.kind = Kind::matrix; break;
      case QuestionType::number: sq.kind = Kind::number; break;
      case QuestionType::text: sq.kind = Kind::text; break;
    }
    sq.text = localise(qq.text, lang);
    sq.scored = scored[n];
    if (qq.options) {
      for (const auto& o : *qq.options) {
        sq.option_ids.emplace(o.id, sq.options.size());
        sq.options.push_back(ShapeOption{o.id, localise(o.label, lang), o.value, is_dont_know(o)});
      }
    }
    if (qq.rows) {
      for (const auto& r : *qq.rows) sq.rows.push_back(ShapeRow{r.id, localise(r.label, lang)});
    }
    s.question_ids.emplace(sq.id, s.questions.size());
    s.questions.push_back(std::move(sq));
  }
  for (const auto& d : q.dimensions) {
    s.dimension_ids.emplace(d.id, s.dimensions.size());
    s.dimensions.push_back(ShapeNamed{d.id, localise(d.label, lang), 0});
  }
  for (const auto& l : q.levels) {
    s.level_ids.emplace(l.id, s.levels.size());
    s.levels.push_back(ShapeNamed{l.id, localise(l.label, lang), l.min});
  }
  if (q.declaredStage) {
    if (auto qi = s.question_index(q.declaredStage->question)) {
      s.declared = ShapeDeclared{*qi, q.declaredStage->map};
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Accumulators

struct OptionCounts {
  std::vector<std::size_t> counts;  // by option index
  std::size_t base = 0;             // respondents who answered
};

struct QuestionAcc {
  OptionCounts whole;               // single, scale, multiple
  std::vector<OptionCounts> rows;   // matrix
  std::size_t matrix_base = 0;      // records answering at least one row
  std::vector<double> numbers;      // number
  std::size_t texts = 0;            // text: answered count only, never the text
};

struct GroupAcc {
  std::size_t n = 0;
  std::vector<double> index;
  std::size_t no_index = 0;
  std::vector<std::size_t> levels;
  std::vector<std::vector<double>> dims;
};

struct BreakdownAcc {
  std::size_t question = 0;              // index in shape.questions
  std::vector<GroupAcc> groups;          // one per option, then "no answer"
};

struct Position {
  std::size_t source;
  std::size_t record;
};

class Aggregator {
 public:
  Aggregator(const Questionnaire& q, const Shape& shape, const Options& options)
      : q_(q), shape_(shape), options_(options) {
    questions_.resize(shape.questions.size());
    for (std::size_t i = 0; i < shape.questions.size(); ++i) {
      const auto& sq = shape.questions[i];
      questions_[i].whole.counts.assign(sq.options.size(), 0);
      questions_[i].rows.resize(sq.rows.size());
      for (auto& r : questions_[i].rows) r.counts.assign(sq.options.size(), 0);
    }
    dims_.resize(shape.dimensions.size());
    dims_insufficient_.assign(shape.dimensions.size(), 0);
    levels_.assign(shape.levels.size(), 0);
    if (shape.declared) declared_.assign(shape.questions[shape.declared->question].options.size(), 0);
  }

  void add_breakdown(std::size_t question) {
    BreakdownAcc b;
    b.question = question;
    b.groups.resize(shape_.questions[question].options.size() + 1);
    for (auto& g : b.groups) {
      g.levels.assign(shape_.levels.size(), 0);
      g.dims.resize(shape_.dimensions.size());
    }
    breakdowns_.push_back(std::move(b));
  }

  // Sources, as the reader meets them (see Reader below).
  std::size_t begin_source(std::string name) {
    sources_.push_back(SourceState{std::move(name)});
    return sources_.size() - 1;
  }
  void name_source(std::size_t source, std::string name) { sources_[source].name = std::move(name); }
  /// A source that cannot be read (or not completely): reported with where it breaks.
  void unreadable(std::size_t source, std::string path, std::string message) {
    if (sources_[source].readable) ++unreadable_;
    sources_[source].readable = false;
    json p = where(source, std::nullopt, std::move(path));
    p["kind"] = "unreadable";
    // "…parse error at line 3, column 3: …": the line and column also as numbers.
    auto number_after = [&](const char* word) -> json {
      auto at = message.find(word);
      if (at == std::string::npos) return nullptr;
      at += std::strlen(word);
      std::size_t end = at;
      while (end < message.size() && message[end] >= '0' && message[end] <= '9') ++end;
      if (end == at || end - at > 12) return nullptr;
      return std::stoull(message.substr(at, end - at));
    };
    if (auto line = number_after("line "); !line.is_null()) {
      p["line"] = line;
      p["column"] = number_after("column ");
    }
    p["message"] = std::move(message);
    problem(std::move(p));
  }
  void add_record(const json& record, std::size_t source, std::size_t index, const std::string& base);
  json finish();

 private:
  void problem(json p) {
    ++problem_count_;
    if (problems_.size() < max_problems) problems_.push_back(std::move(p));
  }
  json where(std::size_t source, std::optional<std::size_t> record, std::string path) const {
    json p = {{"source", source}, {"name", ""}};  // the name is filled in at the end (it may come later)
    if (record) p["record"] = *record;
    p["path"] = path;
    return p;
  }
  void count(const Scored& scored);
  Scored scored_;  // reused between records

  const Questionnaire& q_;
  const Shape& shape_;
  const Options& options_;

  struct SourceState {
    std::string name;
    bool readable = true;
    std::size_t records = 0, accepted = 0, duplicates = 0;
  };
  std::vector<SourceState> sources_;
  std::size_t seen_ = 0, accepted_ = 0, identical_ = 0, conflicts_ = 0, malformed_ = 0, other_ = 0,
              answer_errors_ = 0, unreadable_ = 0;
  std::unordered_map<std::string, std::pair<std::uint64_t, Position>> ids_;
  std::vector<json> problems_;
  std::size_t problem_count_ = 0;
  int year_ = 0;

  std::vector<QuestionAcc> questions_;
  std::vector<std::vector<double>> dims_;
  std::vector<std::size_t> dims_insufficient_;
  std::vector<double> index_;
  std::size_t no_index_ = 0;
  std::vector<std::size_t> levels_;
  std::vector<std::size_t> declared_;
  std::size_t declared_base_ = 0, agree_ = 0, disagree_ = 0;
  std::vector<BreakdownAcc> breakdowns_;

};

// ---------------------------------------------------------------------------------------------
// Reading sources and records

void Aggregator::add_record(const json& record, std::size_t source, std::size_t index, const std::string& base) {
  ++seen_;
  ++sources_[source].records;
  auto malformed = [&](const std::string& path, std::string message) {
    ++malformed_;
    json p = where(source, index, base + path);
    p["kind"] = "malformed";
    p["message"] = std::move(message);
    problem(std::move(p));
  };
  if (!record.is_object()) return malformed("", "expected a response record (an object), got " + type_name(record));
  auto format = record.find("format");
  if (format == record.end() || !format->is_string() || *format != record_format) {
    return malformed("/format", std::string("expected \"") + std::string(record_format) + "\"" +
                                    (format == record.end() ? ", the member is missing" : ", got " + (format->is_string() ? quote(format->get_ref<const std::string&>()) : type_name(*format))));
  }
  auto id = record.find("id");
  if (id == record.end() || !id->is_string() || id->get_ref<const std::string&>().empty() ||
      id->get_ref<const std::string&>().size() > 128) {
    return malformed("/id", "expected the response id, a non-empty string of at most 128 characters" +
                                std::string(id == record.end() ? ", the member is missing" : ""));
  }
  auto qn = record.find("questionnaire");
  if (qn == record.end() || !qn->is_object()) return malformed("/questionnaire", "expected an object {id, version, hash}");
  auto qid = qn->find("id");
  auto qhash = qn->find("hash");
  if (qid == qn->end() || !qid->is_string()) return malformed("/questionnaire/id", "expected the questionnaire id (a string)");
  if (qhash == qn->end() || !qhash->is_string()) return malformed("/questionnaire/hash", "expected the questionnaire hash (a string)");
  auto answers = record.find("answers");
  if (answers == record.end() || !answers->is_object()) {
    return malformed("/answers", "expected an object of answers" +
                                     std::string(answers == record.end() ? ", the member is missing" : ", got " + type_name(*answers)));
  }
  if (*qid != shape_.id || *qhash != shape_.hash) {
    ++other_;
    json p = where(source, index, base + (*qid != shape_.id ? "/questionnaire/id" : "/questionnaire/hash"));
    p["kind"] = "questionnaire";
    p["message"] = *qid != shape_.id
                       ? "a response to another questionnaire (" + quote(qid->get_ref<const std::string&>()) + ", not " + quote(shape_.id) + ")"
                       : "a response to another version of this questionnaire (hash " + quote(qhash->get_ref<const std::string&>()) + ", expected " + quote(shape_.hash) + ")";
    problem(std::move(p));
    return;
  }

  // Deduplication by id: the canonical text (sorted keys) tells identical copies from conflicts.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  content_hash(record, h);
  const std::string& rid = id->get_ref<const std::string&>();
  auto [it, inserted] = ids_.try_emplace(rid, h, Position{source, index});
  if (!inserted) {
    if (it->second.first == h) {
      ++identical_;
      ++sources_[source].duplicates;
    } else {
      ++conflicts_;
      json p = where(source, index, base + "/id");
      p["kind"] = "conflict";
      p["id"] = rid;
      p["kept"] = {{"source", it->second.second.source}, {"record", it->second.second.record}};
      p["message"] = "the response id " + quote(rid) + " was already read with different content (source " +
                     std::to_string(it->second.second.source) + ", record " + std::to_string(it->second.second.record) +
                     "); the first one is kept";
      problem(std::move(p));
    }
    return;
  }

  auto completed = record.find("completed");
  if (completed != record.end()) {
    const bool ok = completed->is_string() && completed->get_ref<const std::string&>().size() >= 4 &&
                    std::all_of(completed->get_ref<const std::string&>().begin(),
                                completed->get_ref<const std::string&>().begin() + 4,
                                [](char c) { return c >= '0' && c <= '9'; });
    if (ok) year_ = std::max(year_, std::stoi(completed->get_ref<const std::string&>().substr(0, 4)));
  }

  score_record(q_, shape_, *answers, scored_);
  for (const auto& e : scored_.evaluation.answer_errors) {
    ++answer_errors_;
    json p = where(source, index, base + "/answers" + e.path);
    p["kind"] = "answer";
    p["message"] = e.message + " (this answer is left out; the rest of the response is counted)";
    problem(std::move(p));
  }
  ++accepted_;
  ++sources_[source].accepted;
  count(scored_);
}

// ---------------------------------------------------------------------------------------------
// Reading: one pass of SAX events over the input, building one record at a time (a 100,000-record
// export is never held as a whole JSON tree). Records before a syntax error are kept; the break is
// reported with its line and column.

class Reader {
 public:
  enum class Mode { facade, exported };
  Reader(Aggregator& agg, Mode mode, std::size_t source = 0) : agg_(agg), mode_(mode), source_(source) {}

  /// Reads `text`. Returns false when the facade input has a shape the caller must refuse
  /// (`fatal` is set); every other problem is reported to the aggregator.
  bool read(std::string_view text) {
    if (mode_ == Mode::exported && text.size() > max_export_bytes) {
      agg_.unreadable(source_, "", "document too large: " + std::to_string(text.size()) + " bytes (at most " +
                                       std::to_string(max_export_bytes) + ")");
      return true;
    }
    const bool ok = json::sax_parse(text.begin(), text.end(), this, json::input_format_t::json, true, false);
    if (fatal) return false;
    if (!ok || error_) {
      std::size_t source = source_;
      if (mode_ == Mode::facade) {
        source = current_source();
        if (source == npos) source = agg_.begin_source("");
      }
      agg_.unreadable(source, "", error_.value_or("invalid JSON") +
                                      (records_read_ ? " (the " + std::to_string(records_read_) + " records before it are used)" : ""));
    } else if (mode_ == Mode::facade && !saw_records_) {
      fatal = json{{"path", ""}, {"message", "expected response records: an array, {\"records\":[…]} or {\"sources\":[…]}"}};
      return false;
    }
    return true;
  }

  std::optional<json> fatal;

  // ---- SAX events ----
  bool null() { return building_ ? builder_->null() : value(json(nullptr)); }
  bool boolean(bool v) { return building_ ? builder_->boolean(v) : value(json(v)); }
  bool number_integer(json::number_integer_t v) { return building_ ? builder_->number_integer(v) : value(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return building_ ? builder_->number_unsigned(v) : value(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t& text) {
    if (!std::isfinite(v)) return fail("invalid JSON: the number " + text + " is out of range");
    return building_ ? builder_->number_float(v, text) : value(json(v));
  }
  bool binary(json::binary_t&) { return fail("invalid JSON"); }
  bool string(json::string_t& v) {
    if (building_) return builder_->string(v);
    if (!stack_.empty() && stack_.back().role == Role::source_object && stack_.back().key == "text") {
      // A raw export inside {"sources":[{"name":…,"text":"…"}]}: read it now, then free it.
      Frame& f = stack_.back();
      f.has_export = true;
      Reader nested(agg_, Mode::exported, f.source);
      nested.read(v);
      records_read_ += nested.records_read_;
      json::string_t().swap(v);
      return true;
    }
    if (!stack_.empty() && stack_.back().role == Role::source_object && stack_.back().key == "name") {
      agg_.name_source(stack_.back().source, v);
      return true;
    }
    return value(json(std::move(v)));
  }
  bool key(json::string_t& k) {
    if (building_) return builder_->key(k);
    if (!stack_.empty()) stack_.back().key = k;
    return true;
  }
  bool start_object(std::size_t n) { return start(true, n); }
  bool start_array(std::size_t n) { return start(false, n); }
  bool end_object() { return end(true); }
  bool end_array() { return end(false); }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& ex) {
    std::string what = ex.what();
    if (auto close = what.find("] "); what.rfind("[json.exception.", 0) == 0 && close != std::string::npos) what.erase(0, close + 2);
    return fail("invalid JSON: " + what);
  }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  enum class Role { facade_object, export_object, source_object, sources, records, skip };
  struct Frame {
    Frame(Role r, std::size_t s = 0, std::string b = {}) : role(r), source(s), base(std::move(b)) {}
    Role role;
    std::size_t source = 0;
    std::string base;       // JSON Pointer of the records array inside its export
    std::size_t next = 0;   // index of the next element (arrays)
    std::string key;        // pending member name (objects)
    bool has_export = false;
  };

  bool fail(std::string message) {
    if (!error_) error_ = std::move(message);
    return false;
  }
  std::size_t current_source() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->role != Role::skip && it->role != Role::facade_object && it->role != Role::sources) return it->source;
    }
    return npos;
  }
  static std::string expected_export(const std::string& got) {
    return "expected an export: an array of response records or an object with a \"records\" array, got " + got;
  }
  static std::string kind(bool object) { return object ? "an object" : "an array"; }

  void record(const json& r, Frame& f) {
    agg_.add_record(r, f.source, f.next, f.base + "/" + std::to_string(f.next));
    ++f.next;
    ++records_read_;
  }

  // A scalar outside a record.
  bool value(json v) {
    if (stack_.empty()) {
      if (mode_ == Mode::facade) {
        fatal = json{{"path", ""}, {"message", "expected response records: an array, {\"records\":[…]} or {\"sources\":[…]}, got " + type_name(v)}};
        return false;
      }
      agg_.unreadable(source_, "", expected_export(type_name(v)));
      return true;
    }
    Frame& f = stack_.back();
    switch (f.role) {
      case Role::records:
        saw_records_ = true;
        record(v, f);
        return true;
      case Role::sources: {
        const std::size_t src = agg_.begin_source("");
        agg_.unreadable(src, "", expected_export(type_name(v)));
        ++f.next;
        saw_records_ = true;
        return true;
      }
      case Role::facade_object:
        if (f.key == "sources") {
          fatal = json{{"path", "/sources"}, {"message", "expected an array of exports, got " + type_name(v)}};
          return false;
        }
        if (f.key == "records") {
          saw_records_ = true;
          agg_.unreadable(agg_.begin_source(""), "/records", "expected an array of response records, got " + type_name(v));
        }
        return true;
      case Role::export_object:
      case Role::source_object:
        if (f.key == "records") {
          f.has_export = true;
          agg_.unreadable(f.source, "/records", "expected an array of response records, got " + type_name(v));
        }
        return true;
      case Role::skip:
        return true;
    }
    return true;
  }

  bool start(bool object, std::size_t n) {
    if (++depth_ > max_json_depth) {
      return fail("invalid JSON: arrays and objects nested deeper than " + std::to_string(max_json_depth) + " levels");
    }
    if (building_) {
      ++building_;
      return object ? builder_->start_object(n) : builder_->start_array(n);
    }
    if (stack_.empty()) {
      if (!object) {
        saw_records_ = true;
        stack_.emplace_back(Frame{Role::records, mode_ == Mode::facade ? agg_.begin_source("") : source_, ""});
      } else {
        stack_.emplace_back(Frame{mode_ == Mode::facade ? Role::facade_object : Role::export_object, source_, ""});
      }
      return true;
    }
    Frame& f = stack_.back();
    switch (f.role) {
      case Role::records:
        // One record: built on its own, handed over when it closes.
        record_ = json();
        builder_.emplace(record_, false);
        building_ = 1;
        saw_records_ = true;
        return object ? builder_->start_object(n) : builder_->start_array(n);
      case Role::sources: {
        const std::size_t src = agg_.begin_source("");
        ++f.next;
        saw_records_ = true;
        stack_.emplace_back(Frame{object ? Role::source_object : Role::records, src, ""});
        return true;
      }
      case Role::facade_object:
        if (f.key == "records") {
          saw_records_ = true;
          const std::size_t src = agg_.begin_source("");
          if (object) {
            agg_.unreadable(src, "/records", "expected an array of response records, got an object");
            stack_.emplace_back(Frame{Role::skip});
          } else {
            stack_.emplace_back(Frame{Role::records, src, "/records"});
          }
        } else if (f.key == "sources") {
          if (object) {
            fatal = json{{"path", "/sources"}, {"message", "expected an array of exports, got an object"}};
            return false;
          }
          stack_.emplace_back(Frame{Role::sources});
        } else {
          stack_.emplace_back(Frame{Role::skip});
        }
        return true;
      case Role::export_object:
      case Role::source_object:
        if (f.key == "records") {
          f.has_export = true;
          if (object) {
            agg_.unreadable(f.source, "/records", "expected an array of response records, got an object");
            stack_.emplace_back(Frame{Role::skip});
          } else {
            stack_.emplace_back(Frame{Role::records, f.source, "/records"});
          }
        } else {
          stack_.emplace_back(Frame{Role::skip});
        }
        return true;
      case Role::skip:
        stack_.emplace_back(Frame{Role::skip});
        return true;
    }
    return true;
  }

  bool end(bool object) {
    --depth_;
    if (building_) {
      const bool ok = object ? builder_->end_object() : builder_->end_array();
      if (--building_ == 0) {
        builder_.reset();
        record(record_, stack_.back());
        record_ = json();
      }
      return ok;
    }
    if (stack_.empty()) return true;
    const Frame f = std::move(stack_.back());
    stack_.pop_back();
    if ((f.role == Role::export_object || f.role == Role::source_object) && !f.has_export) {
      agg_.unreadable(f.source, "", expected_export(f.role == Role::source_object ? "an object without \"records\" or \"text\"" : "an object without \"records\""));
    }
    return true;
  }

  Aggregator& agg_;
  Mode mode_;
  std::size_t source_;
  std::vector<Frame> stack_;
  std::size_t depth_ = 0;
  bool saw_records_ = false;
  std::size_t records_read_ = 0;
  std::optional<std::string> error_;
  std::size_t building_ = 0;  // nesting inside the record being built (0: not building)
  json record_;
  std::optional<nlohmann::detail::json_sax_dom_parser<json>> builder_;
};

// ---------------------------------------------------------------------------------------------
// Counting one scored record

void Aggregator::count(const Scored& scored) {
  const Evaluation& e = scored.evaluation;
  // Only valid answers (the core checked them) to visible questions are counted.
  for (std::size_t qi = 0; qi < shape_.questions.size(); ++qi) {
    const auto& sq = shape_.questions[qi];
    if (!e.visible[qi]) continue;
    auto a = e.answers.find(sq.id);
    if (a == e.answers.end()) continue;
    const Answer& answer = a->second;
    auto& acc = questions_[qi];
    switch (sq.kind) {
      case Kind::single:
      case Kind::scale:
        if (auto o = sq.option_index(answer.choice)) {
          acc.whole.counts[*o]++;
          acc.whole.base++;
        }
        break;
      case Kind::multiple: {
        bool any = false;
        for (const auto& c : answer.choices) {
          if (auto o = sq.option_index(c)) {
            acc.whole.counts[*o]++;
            any = true;
          }
        }
        if (any) acc.whole.base++;
        break;
      }
      case Kind::matrix: {
        bool any = false;
        for (std::size_t r = 0; r < sq.rows.size(); ++r) {
          auto v = answer.rows.find(sq.rows[r].id);
          if (v == answer.rows.end()) continue;
          if (auto o = sq.option_index(v->second)) {
            acc.rows[r].counts[*o]++;
            acc.rows[r].base++;
            any = true;
          }
        }
        if (any) acc.matrix_base++;
        break;
      }
      case Kind::number:
        acc.numbers.push_back(answer.number);
        break;
      case Kind::text:
        if (!answer.text.empty()) acc.texts++;
        break;
    }
  }

  for (std::size_t d = 0; d < shape_.dimensions.size(); ++d) {
    const auto& ds = e.dimensions[d];
    if (ds.sufficient && ds.score) dims_[d].push_back(*ds.score);
    else dims_insufficient_[d]++;
  }
  if (e.index) index_.push_back(*e.index);
  else no_index_++;
  if (e.level) levels_[*e.level]++;

  if (shape_.declared && scored.declared_option) {
    declared_[*scored.declared_option]++;
    declared_base_++;
    if (scored.agrees) (*scored.agrees ? agree_ : disagree_)++;
  }

  for (auto& b : breakdowns_) {
    const auto& sq = shape_.questions[b.question];
    std::size_t g = sq.options.size();  // "no answer"
    if (e.visible[b.question]) {
      auto a = e.answers.find(sq.id);
      if (a != e.answers.end()) {
        if (auto o = sq.option_index(a->second.choice)) g = *o;
      }
    }
    auto& group = b.groups[g];
    group.n++;
    if (e.index) group.index.push_back(*e.index);
    else group.no_index++;
    if (e.level) group.levels[*e.level]++;
    for (std::size_t d = 0; d < shape_.dimensions.size(); ++d) {
      const auto& ds = e.dimensions[d];
      if (ds.sufficient && ds.score) group.dims[d].push_back(*ds.score);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Output

json option_rows(const ShapeQuestion& sq, const OptionCounts& c) {
  json out = json::array();
  for (std::size_t o = 0; o < sq.options.size(); ++o) {
    json item = {{"id", sq.options[o].id}, {"label", sq.options[o].label}, {"count", c.counts[o]},
                 {"percent", percent(c.counts[o], c.base)}};
    if (sq.options[o].dont_know) item["dontKnow"] = true;
    out.push_back(std::move(item));
  }
  return out;
}

/// The two highest-valued options ("prioritaire" + "très important" → "Enjeux ++"): their
/// counts added, and their rounded percentages added, as the study does.
json top_two(const ShapeQuestion& sq, const OptionCounts& c) {
  std::vector<std::size_t> valued;
  for (std::size_t o = 0; o < sq.options.size(); ++o) {
    if (!sq.options[o].dont_know && sq.options[o].value) valued.push_back(o);
  }
  if (valued.size() < 3) return nullptr;
  std::stable_sort(valued.begin(), valued.end(),
                   [&](std::size_t a, std::size_t b) { return *sq.options[a].value > *sq.options[b].value; });
  if (*sq.options[valued[1]].value == *sq.options[valued[2]].value) return nullptr;  // no clear top two
  const std::size_t count = c.counts[valued[0]] + c.counts[valued[1]];
  json pct = nullptr;
  if (c.base) pct = percent(c.counts[valued[0]], c.base).get<std::int64_t>() + percent(c.counts[valued[1]], c.base).get<std::int64_t>();
  return {{"options", {sq.options[valued[0]].id, sq.options[valued[1]].id}}, {"count", count}, {"percent", pct}};
}

json Aggregator::finish() {
  const std::string& lang = options_.lang;
  json agg = json::object();
  agg["format"] = "catalyse-aggregate/1";
  agg["questionnaire"] = {{"id", shape_.id}, {"version", shape_.version}, {"hash", shape_.hash}};
  agg["lang"] = lang;
  agg["n"] = accepted_;
  agg["minGroup"] = options_.min_group;
  agg["rounding"] = text_for(lang,
      "Pourcentages arrondis à l’unité, chacun sur le nombre de réponses à la question (indiqué). "
      "Un total de deux parts (« ++ ») additionne les parts arrondies, comme l’étude de 2018 : "
      "il peut différer d’un point du total arrondi.",
      "Percentages are rounded to whole numbers, each out of the number of answers to the question "
      "(shown). A total of two parts (\"++\") adds the rounded parts, as the 2018 study does: it may "
      "differ by one point from the rounded total.");
  json source_reports = json::array();
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const auto& src = sources_[i];
    source_reports.push_back({{"index", i}, {"name", src.name}, {"readable", src.readable}, {"records", src.records},
                              {"accepted", src.accepted}, {"duplicates", src.duplicates}});
  }
  for (auto& p : problems_) p["name"] = sources_[p["source"].get<std::size_t>()].name;
  agg["input"] = {{"sources", source_reports}, {"records", seen_},       {"accepted", accepted_},
                  {"duplicates", identical_},   {"conflicts", conflicts_}, {"malformed", malformed_},
                  {"otherQuestionnaire", other_}, {"unreadableSources", unreadable_},
                  {"answerErrors", answer_errors_}};
  agg["problems"] = problems_;
  if (problem_count_ > problems_.size()) agg["problemsOmitted"] = problem_count_ - problems_.size();

  json questions = json::array();
  for (std::size_t qi = 0; qi < shape_.questions.size(); ++qi) {
    const auto& sq = shape_.questions[qi];
    auto& acc = questions_[qi];
    json item = {{"id", sq.id}, {"type", kind_name(sq.kind)}, {"text", sq.text}};
    switch (sq.kind) {
      case Kind::single:
      case Kind::scale:
      case Kind::multiple:
        item["base"] = acc.whole.base;
        item["options"] = option_rows(sq, acc.whole);
        if (sq.kind != Kind::multiple) {
          if (auto t = top_two(sq, acc.whole); !t.is_null()) item["topTwo"] = t;
        }
        break;
      case Kind::matrix: {
        item["base"] = acc.matrix_base;
        json rows = json::array();
        for (std::size_t r = 0; r < sq.rows.size(); ++r) {
          json row = {{"id", sq.rows[r].id}, {"label", sq.rows[r].label}, {"base", acc.rows[r].base},
                      {"options", option_rows(sq, acc.rows[r])}};
          if (auto t = top_two(sq, acc.rows[r]); !t.is_null()) row["topTwo"] = t;
          rows.push_back(std::move(row));
        }
        item["rows"] = std::move(rows);
        break;
      }
      case Kind::number: {
        json s = stats(acc.numbers);
        item["base"] = s["n"];
        s.erase("n");
        item["stats"] = std::move(s);
        break;
      }
      case Kind::text:
        item["base"] = acc.texts;
        break;
    }
    questions.push_back(std::move(item));
  }
  agg["questions"] = std::move(questions);

  json dims = json::array();
  for (std::size_t d = 0; d < shape_.dimensions.size(); ++d) {
    json item = {{"id", shape_.dimensions[d].id}, {"label", shape_.dimensions[d].label}};
    item.update(distribution(dims_[d], dims_insufficient_[d]));
    dims.push_back(std::move(item));
  }
  agg["dimensions"] = std::move(dims);
  agg["index"] = distribution(index_, no_index_);

  json levels = json::array();
  for (std::size_t l = 0; l < shape_.levels.size(); ++l) {
    levels.push_back({{"id", shape_.levels[l].id}, {"label", shape_.levels[l].label}, {"min", shape_.levels[l].min},
                      {"count", levels_[l]}, {"percent", percent(levels_[l], accepted_)}});
  }
  agg["levels"] = {{"base", accepted_}, {"levels", std::move(levels)}, {"none", no_index_},
                   {"nonePercent", percent(no_index_, accepted_)}};

  if (shape_.declared) {
    const auto& sq = shape_.questions[shape_.declared->question];
    json stages = json::array();
    for (std::size_t o = 0; o < sq.options.size(); ++o) {
      json s = {{"option", sq.options[o].id}, {"label", sq.options[o].label}, {"count", declared_[o]},
                {"percent", percent(declared_[o], declared_base_)}};
      auto m = shape_.declared->map.find(sq.options[o].id);
      s["level"] = m == shape_.declared->map.end() ? json(nullptr) : json(m->second);
      stages.push_back(std::move(s));
    }
    agg["declared"] = {{"question", sq.id}, {"base", declared_base_}, {"stages", std::move(stages)},
                       {"agree", agree_}, {"disagree", disagree_}};
  } else {
    agg["declared"] = nullptr;
  }

  json breakdowns = json::array();
  for (auto& b : breakdowns_) {
    const auto& sq = shape_.questions[b.question];
    json groups = json::array();
    std::size_t hidden = 0;
    for (std::size_t g = 0; g < b.groups.size(); ++g) {
      auto& group = b.groups[g];
      const bool no_answer = g == sq.options.size();
      if (no_answer && group.n == 0) continue;
      json item = {{"option", no_answer ? json(nullptr) : json(sq.options[g].id)},
                   {"label", no_answer ? text_for(lang, "Sans réponse", "No answer") : sq.options[g].label}};
      if (group.n == 0) {
        item["n"] = 0;
        item["hidden"] = false;
      } else if (group.n < static_cast<std::size_t>(options_.min_group)) {
        item["hidden"] = true;  // neither its size nor its scores are shown
        ++hidden;
      } else {
        item["n"] = group.n;
        item["hidden"] = false;
        item["index"] = distribution(group.index, group.no_index);
        json lv = json::array();
        for (std::size_t l = 0; l < shape_.levels.size(); ++l) {
          lv.push_back({{"id", shape_.levels[l].id}, {"count", group.levels[l]}, {"percent", percent(group.levels[l], group.n)}});
        }
        item["levels"] = std::move(lv);
        json gd = json::array();
        for (std::size_t d = 0; d < shape_.dimensions.size(); ++d) {
          json s = stats(group.dims[d]);
          gd.push_back({{"id", shape_.dimensions[d].id}, {"n", s["n"]}, {"mean", s["mean"]}, {"median", s["median"]}});
        }
        item["dimensions"] = std::move(gd);
      }
      groups.push_back(std::move(item));
    }
    json out = {{"question", sq.id}, {"text", sq.text}, {"groups", std::move(groups)}, {"hiddenGroups", hidden}};
    if (hidden) {
      out["note"] = std::string(text_for(lang, "Groupes de moins de ", "Groups of fewer than ")) +
                    std::to_string(options_.min_group) +
                    text_for(lang, " réponses masqués (effectif et résultats).", " responses are hidden (size and results).");
    }
    breakdowns.push_back(std::move(out));
  }
  agg["breakdowns"] = std::move(breakdowns);

  // Benchmarks in the questionnaire's own format (docs/FORMAT.md "Benchmark").
  json benchmarks = json::array();
  json source = options_.benchmark_source;
  if (source.is_null()) {
    source = json::object();
    for (const auto& l : shape_.languages) {
      source[l] = l == "en" ? "Event results (Catalyse kiosk)" : (l == "fr" ? "Résultats de l'événement (kiosque Catalyse)" : "Catalyse");
    }
  }
  for (std::size_t qi = 0; qi < shape_.questions.size(); ++qi) {
    const auto& sq = shape_.questions[qi];
    const auto& acc = questions_[qi];
    if (sq.kind != Kind::single && sq.kind != Kind::scale && sq.kind != Kind::matrix) continue;
    if ((sq.kind == Kind::matrix ? acc.matrix_base : acc.whole.base) == 0) continue;  // nobody answered it
    json b = {{"id", options_.benchmark_id + "-" + sq.id}, {"question", sq.id}, {"source", source}};
    if (year_ > 0) b["year"] = year_;
    json counts = json::object();
    if (sq.kind == Kind::matrix) {
      b["n"] = acc.matrix_base;
      for (std::size_t r = 0; r < sq.rows.size(); ++r) {
        json row = json::object();
        for (std::size_t o = 0; o < sq.options.size(); ++o) row[sq.options[o].id] = acc.rows[r].counts[o];
        counts[sq.rows[r].id] = std::move(row);
      }
    } else {
      b["n"] = acc.whole.base;
      for (std::size_t o = 0; o < sq.options.size(); ++o) counts[sq.options[o].id] = acc.whole.counts[o];
    }
    b["minN"] = options_.min_group;
    b["counts"] = std::move(counts);
    benchmarks.push_back(std::move(b));
  }
  agg["benchmarks"] = std::move(benchmarks);
  return agg;
}

json error_answer(std::vector<json> errors) {
  return {{"ok", false}, {"errors", std::move(errors)}};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public entry points

std::vector<json> parse_options(const json& options, Options& out) {
  std::vector<json> errors;
  auto err = [&](std::string path, std::string message) {
    errors.push_back({{"path", std::move(path)}, {"message", std::move(message)}});
  };
  if (options.is_null()) return errors;
  if (!options.is_object()) {
    err("", "expected an options object, got " + type_name(options));
    return errors;
  }
  for (auto it = options.begin(); it != options.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "lang") {
      if (v.is_string()) out.lang = v.get<std::string>();
      else err("/lang", "expected a language code (a string)");
    } else if (k == "minGroup") {
      if (v.is_number_integer() && v.get<std::int64_t>() >= 1 && v.get<std::int64_t>() <= 1000000) out.min_group = v.get<int>();
      else err("/minGroup", "expected an integer of at least 1");
    } else if (k == "breakdowns") {
      if (!v.is_array()) {
        err("/breakdowns", "expected an array of question ids");
        continue;
      }
      std::vector<std::string> ids;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i].is_string()) ids.push_back(v[i].get<std::string>());
        else err("/breakdowns/" + std::to_string(i), "expected a question id (a string)");
      }
      out.breakdowns = std::move(ids);
    } else if (k == "benchmark") {
      if (!v.is_object()) {
        err("/benchmark", "expected an object {id, source}");
        continue;
      }
      if (v.contains("id")) {
        const json& id = v["id"];
        static const auto valid = [](const std::string& s) {
          if (s.empty() || s.size() > 40) return false;
          for (char c : s) if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
          return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9');
        };
        if (id.is_string() && valid(id.get<std::string>())) out.benchmark_id = id.get<std::string>();
        else err("/benchmark/id", "expected an id: lower-case letters, digits, '-' or '_', at most 40 characters");
      }
      if (v.contains("source")) {
        const json& s = v["source"];
        bool ok = s.is_object() && !s.empty();
        if (ok) for (const auto& [lk, lv] : s.items()) ok = ok && lv.is_string() && !lv.get_ref<const std::string&>().empty();
        if (ok) out.benchmark_source = s;
        else err("/benchmark/source", "expected a text per language, e.g. {\"fr\": \"…\", \"en\": \"…\"}");
      }
    }
    // Unknown members are ignored, so that newer callers keep working with this core.
  }
  return errors;
}

namespace {

/// What every aggregation needs before reading: the shape in the chosen language and the
/// breakdown questions. Errors are about the options.
std::vector<json> prepare(const Questionnaire& questionnaire, Options& options, Shape& shape,
                          std::vector<std::size_t>& breakdowns) {
  std::string error;
  if (!make_shape(questionnaire, options.lang, shape, error)) return {{{"path", "/lang"}, {"message", error}}};
  options.lang = shape.lang;
  std::vector<json> errors;
  if (options.breakdowns) {
    for (std::size_t i = 0; i < options.breakdowns->size(); ++i) {
      const auto& id = (*options.breakdowns)[i];
      auto qi = shape.question_index(id);
      if (!qi) {
        errors.push_back({{"path", "/breakdowns/" + std::to_string(i)}, {"message", "no question " + quote(id) + " in the questionnaire"}});
      } else if (shape.questions[*qi].kind != Kind::single && shape.questions[*qi].kind != Kind::scale) {
        errors.push_back({{"path", "/breakdowns/" + std::to_string(i)}, {"message", "question " + quote(id) + " is not a single-choice question"}});
      } else if (std::find(breakdowns.begin(), breakdowns.end(), *qi) == breakdowns.end()) {
        breakdowns.push_back(*qi);
      }
    }
  } else {
    for (std::size_t qi = 0; qi < shape.questions.size(); ++qi) {
      const auto& sq = shape.questions[qi];
      const bool is_declared = shape.declared && shape.declared->question == qi;
      if (sq.kind == Kind::single && !sq.scored && !is_declared) breakdowns.push_back(qi);
    }
  }
  return errors;
}

template <class Read>
json run(const Questionnaire& questionnaire, const Options& given, Read&& read) {
  Options options = given;
  Shape shape;
  std::vector<std::size_t> breakdowns;
  auto errors = prepare(questionnaire, options, shape, breakdowns);
  if (!errors.empty()) return error_answer(std::move(errors));
  Aggregator agg(questionnaire, shape, options);
  for (auto qi : breakdowns) agg.add_breakdown(qi);
  if (auto fatal = read(agg)) return error_answer({std::move(*fatal)});
  return {{"ok", true}, {"aggregate", agg.finish()}};
}

}  // namespace

json aggregate(const Questionnaire& questionnaire, std::vector<Source>& sources, const Options& options) {
  return run(questionnaire, options, [&](Aggregator& agg) -> std::optional<json> {
    for (auto& source : sources) {
      const std::size_t index = agg.begin_source(source.name);
      Reader(agg, Reader::Mode::exported, index).read(source.text);
      std::string().swap(source.text);  // release each file once read
    }
    return std::nullopt;
  });
}

json aggregate_input(const Questionnaire& questionnaire, std::string_view input, const Options& options) {
  return run(questionnaire, options, [&](Aggregator& agg) -> std::optional<json> {
    Reader reader(agg, Reader::Mode::facade);
    if (!reader.read(input)) return reader.fatal;
    return std::nullopt;
  });
}

}  // namespace catalyse::aggregation

namespace catalyse::api {

std::string aggregate(const Questionnaire& questionnaire, std::string_view records_json, std::string_view options_json) {
  using nlohmann::json;
  // The core's own writer: the same bytes as nlohmann's dump with replacement (its serializer,
  // and printf with it, stay out of the wasm modules).
  auto dump = [](const json& j) { return catalyse::dump(j); };
  auto fail = [&](std::string path, std::string message) {
    return dump({{"ok", false}, {"errors", {{{"path", std::move(path)}, {"message", std::move(message)}}}}});
  };
  aggregation::Options options;
  if (!options_json.empty()) {
    ParsedJson parsed = parse_json(options_json, std::size_t{1} << 16);
    if (parsed.error) return fail("", "the aggregation options are not valid JSON: " + parsed.error->message);
    auto errors = aggregation::parse_options(parsed.value, options);
    if (!errors.empty()) return dump({{"ok", false}, {"errors", errors}});
  }
  return dump(aggregation::aggregate_input(questionnaire, records_json, options));
}

}  // namespace catalyse::api
