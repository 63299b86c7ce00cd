// Reading exports: one pass of JSON events (json.hpp, the core's one reader) over each text. A
// record is never built as a tree: its few members the checks need are kept as they stream by,
// with a hash of its content, and the text of its answers is handed to the core's answers reader.
// Records before a syntax error are kept; the break is reported with its line and column.
#include "aggregate_state.hpp"

#include <catalyse/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>

namespace catalyse::aggregation {
namespace {

// ---------------------------------------------------------------------------------------------
// A record's content hash (json.hpp content_hash): two records with the same hash are the same
// record, whatever the order of their members. Events give an object's members one by one, maybe
// with a repeated name (the last one counts, as when the record is read as a document): they are
// kept until the object closes.

struct HashFrame {
  bool object = false;
  content_hash::Array array;
  struct Entry {
    std::uint64_t name, order, value;
  };
  std::vector<Entry> members;  // an object's members: name hash, position, value hash
  std::uint64_t name = 0;      // the pending member's name hash
};

/// Which member of the record (or of its "questionnaire") the next value is.
enum class Slot { other, format, id, completed, questionnaire, answers, questionnaire_id, questionnaire_hash };

Slot record_slot(std::string_view name) {
  if (name == "format") return Slot::format;
  if (name == "id") return Slot::id;
  if (name == "completed") return Slot::completed;
  if (name == "questionnaire") return Slot::questionnaire;
  if (name == "answers") return Slot::answers;
  return Slot::other;
}

/// The names an everyday record's members and its questionnaire's have, told apart by their keys
/// (json.hpp IdKey: the first bytes, compared in place; each name is shorter than 16 bytes).
struct NameKey {
  IdKey key;
  std::string_view name;
  Slot slot;
};
const std::array<NameKey, 6>& record_names() {
  static const std::array<NameKey, 6> names = [] {
    std::array<NameKey, 6> n;
    std::size_t k = 0;
    for (std::string_view name : {"format", "id", "completed", "questionnaire", "answers", "lang"})
      n[k++] = NameKey{IdKey::of(name), name, record_slot(name)};
    return n;
  }();
  return names;
}
const std::array<NameKey, 3>& questionnaire_names() {
  static const std::array<NameKey, 3> names = [] {
    std::array<NameKey, 3> n;
    std::size_t k = 0;
    for (std::string_view name : {"id", "hash", "version"})
      n[k++] = NameKey{IdKey::of(name), name, name == "id" ? Slot::questionnaire_id : name == "hash" ? Slot::questionnaire_hash : Slot::other};
    return n;
  }();
  return names;
}
template <std::size_t N>
const NameKey* find_name(const std::array<NameKey, N>& names, std::string_view name, Prefix first) {
  for (const auto& n : names)
    if (n.key.is(name, first, [&] { return n.name; })) return &n;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The everyday record read straight from the text, without events: an object of the record's own
// members (format, id, questionnaire, lang, completed, answers), each once, whose strings are
// written plainly (json.hpp read_plain_string), whose questionnaire has plain strings (id,
// version, hash) and whose answers are all valid (scoring.hpp read_valid_answers, which reads
// them once for both the check and the hash). It gives the facts and content hash the events
// would give, and the answers already read; anything else is left to the events (0).

class PlainRecord {
 public:
  PlainRecord(const Accumulator::State& s, std::string_view text, std::size_t at, RecordFacts& facts, Answers& answers)
      : s_(s), t_(text), i_(at), facts_(facts), answers_(answers) {}

  /// The offset just after the record, or 0.
  std::size_t read() {
    facts_.clear();
    facts_.kind = JsonKind::object;
    content_hash::Object record;
    unsigned seen = 0;
    const bool read = read_plain_members<true>(t_, i_, [&](std::string_view name, Prefix first) {
      const NameKey* known = find_name(record_names(), name, first);
      if (!known) return false;  // another member
      const Slot slot = known->slot;
      const unsigned bit = slot == Slot::other ? 1u : 1u << static_cast<unsigned>(slot);  // other: lang
      if (seen & bit) return false;  // a repeated one
      seen |= bit;
      std::uint64_t value = 0;
      switch (slot) {
        case Slot::format: value = member(&facts_.format, &s_.keys.format, record_format); break;
        case Slot::id:
          value = member(&facts_.id);
          s_.ids.prefetch(value);
          break;
        case Slot::completed: value = member(&facts_.completed); break;
        case Slot::questionnaire: value = questionnaire(); break;
        case Slot::answers: value = answers(); break;
        default: value = member(nullptr); break;  // lang
      }
      if (!value) return false;
      record.add_named(known->key.member, value);
      return true;
    });
    if (!read) return 0;
    facts_.hash = record.value();
    return i_;
  }

 private:
  /// A plain string (kept in `m` when given): its hash, or 0. When the value expected is given
  /// (its key and text), a string that is that value takes the key's hash.
  std::uint64_t member(Member* m, const IdKey* expected = nullptr, std::string_view expected_text = {}) {
    std::string_view v;
    std::uint64_t h = 0;
    if (expected) {
      Prefix first;
      if (!read_plain_string(t_, i_, v, first)) return 0;
      h = expected->is(v, first, [&] { return expected_text; }) ? expected->hash : content_hash::string(v);
    } else if (!read_plain_string(t_, i_, v, h)) {
      return 0;
    }
    if (m) {
      m->kind = JsonKind::string;
      m->text = v;  // in the export's text, which outlives the record's checks
      m->hash = h;
    }
    return h;
  }

  std::uint64_t questionnaire() {
    facts_.questionnaire = JsonKind::object;
    content_hash::Object object;
    unsigned seen = 0;
    const bool read = read_plain_members<true>(t_, i_, [&](std::string_view name, Prefix first) {
      const NameKey* known = find_name(questionnaire_names(), name, first);
      if (!known) return false;
      const unsigned bit = known->slot == Slot::questionnaire_id ? 1u : known->slot == Slot::questionnaire_hash ? 2u : 4u;
      if (seen & bit) return false;
      seen |= bit;
      const RecordKeys& k = s_.keys;
      const Shape& shape = s_.shape;
      const std::uint64_t value = bit == 1   ? member(&facts_.questionnaire_id, &k.questionnaire_id, shape.id)
                                  : bit == 2 ? member(&facts_.questionnaire_hash, &k.questionnaire_hash, shape.hash)
                                             : member(nullptr, &k.version, shape.version);
      if (!value) return false;
      object.add_named(known->key.member, value);
      return true;
    });
    return read ? object.value() : 0;
  }

  std::uint64_t answers() {
    const std::size_t start = i_;
    std::uint64_t hash = 0;
    facts_.valid = read_valid_answers(s_.q, t_, i_, hash, answers_);
    if (!facts_.valid) return 0;
    facts_.answers = JsonKind::object;
    facts_.answers_text = t_.substr(start, i_ - start);
    return hash;
  }

  const Accumulator::State& s_;
  std::string_view t_;
  std::size_t i_;
  RecordFacts& facts_;
  Answers& answers_;
};

class Reader final : public JsonEvents {
 public:
  enum class Mode { facade, exported, record };
  Reader(Accumulator::State& s, Mode mode, std::string_view text, std::size_t source = 0, std::string_view path = "")
      : s_(s), mode_(mode), text_(text), source_(source), record_path_(path) {}

  /// Reads the text. Returns false when the facade input has a shape the caller must refuse
  /// (`fatal` is set); every other problem is reported to the state.
  bool read() {
    if (mode_ == Mode::exported && text_.size() > max_export_bytes) {
      s_.unreadable_source(source_, issue("", "json.too-large", {{"size", std::to_string(text_.size())},
                                                                  {"maximum", std::to_string(max_export_bytes)}}));
      return true;
    }
    const JsonEventsEnd end = parse_json_events(text_, *this, static_cast<std::size_t>(-1));
    if (fatal) return false;
    if (end.error) {
      if (mode_ == Mode::record) {
        malformed_record(std::move(*end.error));
        return true;
      }
      std::size_t source = source_;
      if (mode_ == Mode::facade) {
        source = current_source();
        if (source == npos) source = s_.begin_source("");
      }
      std::optional<Issue> note;
      if (records_read_) note = issue("", "aggregate.records-before-used", {{"count", std::to_string(records_read_)}});
      s_.unreadable_source(source, std::move(*end.error), std::move(note), end.line, end.column);
    } else if (mode_ == Mode::facade && !saw_records_) {
      fatal = issue("", "aggregate.expected-records");
      return false;
    }
    return true;
  }

  std::optional<Issue> fatal;
  Outcome outcome = Outcome::malformed;  // Mode::record: what became of the record

  // ---- events ----
  bool null() override { return scalar(JsonKind::null, content_hash::null()); }
  bool boolean(bool v) override { return scalar(JsonKind::boolean, content_hash::boolean(v)); }
  bool number(std::uint64_t v) override { return scalar(JsonKind::number, content_hash::number(v)); }
  bool number(std::int64_t v) override { return scalar(JsonKind::number, content_hash::number(v)); }
  bool number(double v) override { return scalar(JsonKind::number, content_hash::number(v)); }
  bool string(std::string_view v) override {
    if (depth_in_record_) {
      const std::uint64_t h = content_hash::string(v);
      capture(JsonKind::string, v, h);
      attach(h);
      return true;
    }
    if (!stack_.empty() && stack_.back().role == Role::source_object && stack_.back().key == "text") {
      // A raw export inside {"sources":[{"name":…,"text":"…"}]}: read it now, then free it.
      Frame& f = stack_.back();
      f.has_export = true;
      const std::string text(v);  // the parser's own buffer is reused by the next string
      Reader nested(s_, Mode::exported, text, f.source);
      nested.read();
      records_read_ += nested.records_read_;
      return true;
    }
    if (!stack_.empty() && stack_.back().role == Role::source_object && stack_.back().key == "name") {
      s_.sources[stack_.back().source].name = v;
      return true;
    }
    return value(JsonKind::string);
  }
  bool key(std::string_view name) override {
    if (depth_in_record_) {
      HashFrame& f = hash_[depth_in_record_ - 1];
      f.name = content_hash::string(name);
      if (depth_in_record_ == 1) slot_ = record_slot(name);
      else if (depth_in_record_ == 2 && slot_ == Slot::questionnaire) inner_ = name == "id" ? Slot::questionnaire_id : name == "hash" ? Slot::questionnaire_hash : Slot::other;
      return true;
    }
    if (!stack_.empty()) stack_.back().key = name;
    return true;
  }
  std::size_t read_ahead(std::size_t at) override {
    // A record begins: the everyday one is read straight from the text.
    if (depth_in_record_ || text_[at] != '{') return 0;
    if (stack_.empty() ? mode_ != Mode::record : stack_.back().role != Role::records) return 0;
    const std::size_t end = PlainRecord(s_, text_, at, s_.facts, s_.scored.answers).read();
    if (!end) return 0;
    saw_records_ = true;
    record_done();
    return end;
  }
  bool begin_object(std::size_t at) override { return begin(true, at); }
  bool begin_array(std::size_t at) override { return begin(false, at); }
  bool end_object(std::size_t end) override { return finish(end); }
  bool end_array(std::size_t end) override { return finish(end); }

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

  std::size_t current_source() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->role != Role::skip && it->role != Role::facade_object && it->role != Role::sources) return it->source;
    }
    return npos;
  }
  static Issue expected_export(std::string_view got) { return issue("", "aggregate.expected-export", {{"got", got}}); }

  // ---- one record ----

  /// The record is complete: checked, counted, its position moved on.
  void record_done() {
    if (mode_ == Mode::record) {
      outcome = check_and_count(s_, s_.facts, source_, s_.sources[source_].records, record_path_);
      ++records_read_;
      return;
    }
    Frame& f = stack_.back();
    path_.assign(f.base);
    path_ += '/';
    path_ += std::to_string(f.next);
    check_and_count(s_, s_.facts, f.source, f.next, path_);
    ++f.next;
    ++records_read_;
  }

  void malformed_record(Issue error) {
    // A record given alone (Accumulator::add) that is not JSON: left out like any malformed record.
    s_.facts.clear();
    ++s_.seen;
    ++s_.sources[source_].records;
    ++s_.malformed;
    Problem p;
    p.kind = "malformed";
    p.source = source_;
    p.record = s_.sources[source_].records - 1;
    p.issue = std::move(error);
    p.issue.path = std::string(record_path_);
    s_.problem(std::move(p));
    outcome = Outcome::malformed;
  }

  /// The member being read of the record (depth 1) or of its questionnaire (depth 2).
  void capture(JsonKind kind, std::string_view text = {}, std::uint64_t hash = 0) {
    RecordFacts& r = s_.facts;
    Member* m = nullptr;
    if (depth_in_record_ == 1) {
      switch (slot_) {
        case Slot::format: m = &r.format; break;
        case Slot::id: m = &r.id; break;
        case Slot::completed: m = &r.completed; break;
        case Slot::questionnaire:
          r.questionnaire = kind;
          r.questionnaire_id.kind = JsonKind::none;
          r.questionnaire_hash.kind = JsonKind::none;
          return;
        case Slot::answers:
          r.answers = kind;
          r.answers_text = {};
          return;
        default: return;
      }
    } else if (depth_in_record_ == 2 && slot_ == Slot::questionnaire) {
      if (inner_ == Slot::questionnaire_id) m = &r.questionnaire_id;
      else if (inner_ == Slot::questionnaire_hash) m = &r.questionnaire_hash;
    }
    if (!m) return;
    m->kind = kind;
    m->copy.assign(text);  // the parser's buffer is reused by the next string
    m->text = m->copy;
    m->hash = hash;
  }

  /// A value's hash, given to the object or array holding it.
  void attach(std::uint64_t h) {
    HashFrame& f = hash_[depth_in_record_ - 1];
    if (f.object) f.members.push_back({f.name, f.members.size(), h});
    else f.array.add(h);
  }

  bool scalar(JsonKind kind, std::uint64_t hash) {
    if (depth_in_record_) {
      capture(kind);
      attach(hash);
      return true;
    }
    return value(kind);
  }

  bool begin_record(bool object) {
    s_.facts.clear();
    s_.facts.kind = object ? JsonKind::object : JsonKind::array;
    return open_hash(object);
  }

  bool open_hash(bool object) {
    if (hash_.size() <= depth_in_record_) hash_.emplace_back();
    HashFrame& f = hash_[depth_in_record_++];
    f.object = object;
    f.array = {};
    f.members.clear();
    return true;
  }

  std::uint64_t close_hash() {
    HashFrame& f = hash_[--depth_in_record_];
    if (!f.object) return f.array.value();
    auto& m = f.members;
    std::sort(m.begin(), m.end(), [](const auto& a, const auto& b) { return a.name != b.name ? a.name < b.name : a.order < b.order; });
    content_hash::Object object;
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (i + 1 < m.size() && m[i + 1].name == m[i].name) continue;  // a repeated name: the last one
      object.add(m[i].name, m[i].value);
    }
    return object.value();
  }

  // ---- outside records ----

  // A scalar outside a record.
  bool value(JsonKind kind) {
    const std::string got = kind_name(kind);
    if (stack_.empty()) {
      if (mode_ == Mode::record) {
        s_.facts.clear();
        s_.facts.kind = kind;
        record_done();
        return true;
      }
      if (mode_ == Mode::facade) {
        fatal = issue("", "aggregate.expected-records-got", {{"got", got}});
        return false;
      }
      s_.unreadable_source(source_, expected_export(got));
      return true;
    }
    Frame& f = stack_.back();
    switch (f.role) {
      case Role::records:
        saw_records_ = true;
        s_.facts.clear();
        s_.facts.kind = kind;
        record_done();
        return true;
      case Role::sources: {
        const std::size_t src = s_.begin_source("");
        s_.unreadable_source(src, expected_export(got));
        ++f.next;
        saw_records_ = true;
        return true;
      }
      case Role::facade_object:
        if (f.key == "sources") {
          fatal = issue("/sources", "aggregate.expected-sources", {{"got", got}});
          return false;
        }
        if (f.key == "records") {
          saw_records_ = true;
          s_.unreadable_source(s_.begin_source(""), issue("/records", "aggregate.expected-record-array", {{"got", got}}));
        }
        return true;
      case Role::export_object:
      case Role::source_object:
        if (f.key == "records") {
          f.has_export = true;
          s_.unreadable_source(f.source, issue("/records", "aggregate.expected-record-array", {{"got", got}}));
        }
        return true;
      case Role::skip:
        return true;
    }
    return true;
  }

  bool begin(bool object, std::size_t at) {
    if (depth_in_record_) {
      capture(object ? JsonKind::object : JsonKind::array);
      if (depth_in_record_ == 1 && slot_ == Slot::answers && object) answers_at_ = at;
      return open_hash(object);
    }
    if (stack_.empty()) {
      if (mode_ == Mode::record) return begin_record(object);
      if (!object) {
        saw_records_ = true;
        stack_.emplace_back(Role::records, mode_ == Mode::facade ? s_.begin_source("") : source_, "");
      } else {
        stack_.emplace_back(mode_ == Mode::facade ? Role::facade_object : Role::export_object, source_, "");
      }
      return true;
    }
    Frame& f = stack_.back();
    switch (f.role) {
      case Role::records:
        // One record: read on its own, handed over when it closes.
        saw_records_ = true;
        return begin_record(object);
      case Role::sources: {
        const std::size_t src = s_.begin_source("");
        ++f.next;
        saw_records_ = true;
        stack_.emplace_back(object ? Role::source_object : Role::records, src, "");
        return true;
      }
      case Role::facade_object:
        if (f.key == "records") {
          saw_records_ = true;
          const std::size_t src = s_.begin_source("");
          if (object) {
            s_.unreadable_source(src, issue("/records", "aggregate.expected-record-array", {{"got", "object"}}));
            stack_.emplace_back(Role::skip);
          } else {
            stack_.emplace_back(Role::records, src, "/records");
          }
        } else if (f.key == "sources") {
          if (object) {
            fatal = issue("/sources", "aggregate.expected-sources", {{"got", "object"}});
            return false;
          }
          stack_.emplace_back(Role::sources);
        } else {
          stack_.emplace_back(Role::skip);
        }
        return true;
      case Role::export_object:
      case Role::source_object:
        if (f.key == "records") {
          f.has_export = true;
          if (object) {
            s_.unreadable_source(f.source, issue("/records", "aggregate.expected-record-array", {{"got", "object"}}));
            stack_.emplace_back(Role::skip);
          } else {
            stack_.emplace_back(Role::records, f.source, "/records");
          }
        } else {
          stack_.emplace_back(Role::skip);
        }
        return true;
      case Role::skip:
        stack_.emplace_back(Role::skip);
        return true;
    }
    return true;
  }

  bool finish(std::size_t end) {
    if (depth_in_record_) {
      const std::uint64_t h = close_hash();
      if (depth_in_record_ == 0) {
        s_.facts.hash = h;
        record_done();
        return true;
      }
      if (depth_in_record_ == 1 && slot_ == Slot::answers && s_.facts.answers == JsonKind::object)
        s_.facts.answers_text = text_.substr(answers_at_, end - answers_at_);
      attach(h);
      return true;
    }
    if (stack_.empty()) return true;
    const Frame f = std::move(stack_.back());
    stack_.pop_back();
    if ((f.role == Role::export_object || f.role == Role::source_object) && !f.has_export) {
      s_.unreadable_source(f.source, issue("", f.role == Role::source_object ? "aggregate.source-without-records"
                                                                             : "aggregate.export-without-records"));
    }
    return true;
  }

  Accumulator::State& s_;
  Mode mode_;
  std::string_view text_;
  std::size_t source_;
  std::string_view record_path_;
  std::vector<Frame> stack_;
  bool saw_records_ = false;
  std::size_t records_read_ = 0;
  std::string path_;  // of the record being checked

  // The record being read.
  std::size_t depth_in_record_ = 0;  // 0: not in a record
  std::vector<HashFrame> hash_;      // one per open array or object of the record (reused)
  Slot slot_ = Slot::other, inner_ = Slot::other;
  std::size_t answers_at_ = 0;
};

}  // namespace

void RecordFacts::clear() {
  kind = JsonKind::none;
  format.kind = id.kind = completed.kind = questionnaire_id.kind = questionnaire_hash.kind = JsonKind::none;
  questionnaire = answers = JsonKind::none;
  answers_text = {};
  valid = false;
  hash = 0;
}

void read_export(Accumulator::State& s, std::size_t source, std::string_view text) {
  Reader(s, Reader::Mode::exported, text, source).read();
}

std::optional<Issue> read_facade(Accumulator::State& s, std::string_view text) {
  Reader reader(s, Reader::Mode::facade, text);
  if (!reader.read()) return reader.fatal;
  return std::nullopt;
}

Outcome read_record(Accumulator::State& s, std::size_t source, std::string_view text, std::string_view path) {
  Reader reader(s, Reader::Mode::record, text, source, path);
  reader.read();
  return reader.outcome;
}

}  // namespace catalyse::aggregation
