// Thin C ABI over the core's JSON facade (core/include/catalyse/api.hpp) for the widget.
// Strings cross the boundary as NUL-terminated UTF-8; every returned string is malloc'ed and
// must be released with cat_free. Nothing here can abort the instance: every entry point answers
// with {"ok":false,…} on any failure (exceptions caught, or memory made sure of beforehand: has_room).
#include <catalyse/aggregate.hpp>
#include <catalyse/api.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

namespace {

// Loaded questionnaires by handle. The only state of the module; it lives in this binding,
// not in the core.
struct Loaded {
  std::shared_ptr<const catalyse::Questionnaire> questionnaire;
  std::size_t text_bytes;  // of its document: scoring it needs memory in proportion (has_room)
};
std::map<int, Loaded> loaded;
int next_handle = 1;

// Open aggregates (the results page's files, added one at a time) by handle, with the handle of
// the questionnaire they keep alive.
struct Open {
  std::shared_ptr<const catalyse::Questionnaire> questionnaire;
  std::unique_ptr<catalyse::aggregation::Accumulator> aggregate;
};
std::map<int, Open> aggregates;

char* to_c(const std::string& s) {
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

std::string_view view(const char* s) { return s == nullptr ? std::string_view{} : std::string_view{s}; }

std::string failure(const char* code, std::string_view lang) { return catalyse::api::refusal(code, lang); }

template <class F>
char* guarded(std::string_view lang, F&& f) {
#if defined(__cpp_exceptions)
  try {
    return to_c(f());
  } catch (const std::bad_alloc&) {
    return to_c(failure("core.out-of-memory", lang));
  } catch (...) {
    return to_c(failure("core.internal-error", lang));
  }
#else
  (void)lang;
  return to_c(f());
#endif
}

// The widget's core is built without exceptions (core/CMakeLists.txt): there, running out of
// memory inside the core would abort the instance instead of becoming an error value. So before
// the core reads a document, the heap must be able to hold the most that reading it can take;
// if it cannot grow that far, the call is refused as out of memory and nothing is lost. The most:
// up to 160 bytes per byte of text for the worst shapes (a question read from `{}` is a few
// hundred bytes of model), never more than 160 MiB (the document limits bound the rest; both
// measured by tests/wasm/hardening.test.mjs), plus `extra` (scoring: the result, in proportion to
// the questionnaire) and a margin. The memory stays with the heap for the next calls. In builds
// with exceptions, a std::bad_alloc is caught instead.
bool has_room(std::size_t text_bytes, std::size_t extra = 0) {
#if defined(__cpp_exceptions)
  (void)text_bytes;
  (void)extra;
  return true;
#else
  constexpr std::size_t per_byte = 160;
  constexpr std::size_t at_most = 160u << 20;
  constexpr std::size_t margin = 1u << 20;
  const std::size_t need = (text_bytes > at_most / per_byte ? at_most : text_bytes * per_byte) +
                           std::min(extra, at_most) + margin;
  // volatile: the compiler may otherwise leave out a malloc whose block is only freed.
  void* volatile probe = std::malloc(need);
  if (probe == nullptr) return false;
  std::free(probe);
  return true;
#endif
}

const Loaded* find(int handle) {
  auto it = loaded.find(handle);
  return it == loaded.end() ? nullptr : &it->second;
}

}  // namespace

extern "C" {

void* cat_alloc(std::size_t size) { return std::malloc(size); }
void cat_free(void* p) { std::free(p); }

char* cat_version() {
  return guarded("en", [] { return catalyse::api::version(); });
}

/// {"ok":true,"handle":N,"questionnaire":{…}} or {"ok":false,"errors":[…]}, the errors' messages
/// in `lang` ("fr", "en"; NULL or "" — a caller that passes no language — gives English).
char* cat_load(const char* json, const char* lang) {
  if (!has_room(view(json).size())) return to_c(failure("core.out-of-memory", view(lang)));
  return guarded(view(lang), [&] {
    std::shared_ptr<const catalyse::Questionnaire> q;
    std::string out = catalyse::api::load(view(json), q, view(lang));
    if (!q) return out;
    const int handle = next_handle++;
    loaded.emplace(handle, Loaded{std::move(q), view(json).size()});
    // Splice the handle into the facade's {"ok":true,…} answer.
    return std::string(R"({"ok":true,"handle":)") + std::to_string(handle) + "," + out.substr(std::strlen(R"({"ok":true,)"));
  });
}

void cat_unload(int handle) { loaded.erase(handle); }

char* cat_score(int handle, const char* answers, const char* lang) {
  const auto* q = find(handle);
  if (q == nullptr) return to_c(failure("core.unknown-handle", view(lang)));
  if (!has_room(view(answers).size(), 4 * q->text_bytes)) return to_c(failure("core.out-of-memory", view(lang)));
  return guarded(view(lang), [&] { return catalyse::api::score(*q->questionnaire, view(answers), view(lang)); });
}

/// Two results of one respondent, an earlier one first (a result, the widget's download {record,
/// result} or the core's {"ok":true,"result":…}): {"ok":true,"comparison":{…}} or {"ok":false,…}
/// (docs/COMPARE.md). No questionnaire is needed: dimensions are matched by id.
char* cat_compare(const char* earlier, const char* later, const char* lang) {
  if (!has_room(view(earlier).size() + view(later).size())) return to_c(failure("core.out-of-memory", view(lang)));
  return guarded(view(lang), [&] { return catalyse::api::compare_results(view(earlier), view(later), view(lang)); });
}

/// Two aggregates of a group, an earlier one first: the same, per dimension, index and question.
char* cat_compare_aggregates(const char* earlier, const char* later, const char* lang) {
  if (!has_room(view(earlier).size() + view(later).size())) return to_c(failure("core.out-of-memory", view(lang)));
  return guarded(view(lang), [&] { return catalyse::api::compare_aggregates(view(earlier), view(later), view(lang)); });
}

char* cat_aggregate(int handle, const char* records, const char* options) {
  return guarded("en", [&] {
    const auto* q = find(handle);
    if (q == nullptr) return failure("core.unknown-handle", "en");
    return catalyse::api::aggregate(*q->questionnaire, view(records), view(options));
  });
}

/// Opens an aggregate of the questionnaire `handle`: {"ok":true,"aggregate":N} (N for the calls
/// below, released by cat_aggregate_close) or {"ok":false,"errors":[…]} (bad options).
char* cat_aggregate_open(int handle, const char* options) {
  return guarded("en", [&] {
    const auto* q = find(handle);
    if (q == nullptr) return failure("core.unknown-handle", "en");
    Open open{q->questionnaire, nullptr};
    std::string answer = catalyse::api::open_aggregate(*q->questionnaire, view(options), open.aggregate);
    if (!open.aggregate) return answer;
    const int id = next_handle++;
    aggregates.emplace(id, std::move(open));
    return std::string(R"({"ok":true,"aggregate":)") + std::to_string(id) + "}";
  });
}

/// Reads one export (its file name, and its `size` bytes at `text`, or up to the NUL when `size`
/// is negative) into the open aggregate `id`; the text can be freed as soon as this returns.
/// {"ok":true,"n":records accepted so far} or {"ok":false,…}.
char* cat_aggregate_add_export(int id, const char* name, const char* text, int size) {
  return guarded("en", [&] {
    auto it = aggregates.find(id);
    if (it == aggregates.end()) return failure("core.unknown-aggregate", "en");
    // The export is read where it lies (no copy): a view of the caller's buffer.
    const std::string_view bytes = size < 0 ? view(text) : std::string_view(text, static_cast<std::size_t>(size));
    it->second.aggregate->add_export(std::string(view(name)), bytes);
    return std::string(R"({"ok":true,"n":)") + std::to_string(it->second.aggregate->size()) + "}";
  });
}

/// The open aggregate `id`: {"ok":true,"aggregate":{…catalyse-aggregate/1…}}.
char* cat_aggregate_snapshot(int id) {
  return guarded("en", [&] {
    auto it = aggregates.find(id);
    if (it == aggregates.end()) return failure("core.unknown-aggregate", "en");
    return it->second.aggregate->snapshot();
  });
}

void cat_aggregate_close(int id) { aggregates.erase(id); }

}  // extern "C"
