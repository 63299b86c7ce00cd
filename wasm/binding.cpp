// Thin C ABI over the core's JSON facade (core/include/catalyse/api.hpp) for the widget.
// Strings cross the boundary as NUL-terminated UTF-8; every returned string is malloc'ed and
// must be released with cat_free. Nothing here can abort the instance: every entry point catches
// everything and answers with {"ok":false,…}.
#include <catalyse/api.hpp>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

namespace {

// Loaded questionnaires by handle. The only state of the module; it lives in this binding,
// not in the core.
std::map<int, std::shared_ptr<const catalyse::Questionnaire>> loaded;
int next_handle = 1;

char* to_c(const std::string& s) {
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

std::string failure(const char* message) {
  // message is a fixed ASCII literal: no escaping needed.
  return std::string(R"({"ok":false,"errors":[{"path":"","message":")") + message + "\"}]}";
}

template <class F>
char* guarded(F&& f) {
  try {
    return to_c(f());
  } catch (const std::bad_alloc&) {
    return to_c(failure("out of memory"));
  } catch (...) {
    return to_c(failure("internal error"));
  }
}

const catalyse::Questionnaire* find(int handle) {
  auto it = loaded.find(handle);
  return it == loaded.end() ? nullptr : it->second.get();
}

std::string_view view(const char* s) { return s == nullptr ? std::string_view{} : std::string_view{s}; }

}  // namespace

extern "C" {

void* cat_alloc(std::size_t size) { return std::malloc(size); }
void cat_free(void* p) { std::free(p); }

char* cat_version() {
  return guarded([] { return catalyse::api::version(); });
}

/// {"ok":true,"handle":N,"questionnaire":{…}} or {"ok":false,"errors":[…]}.
char* cat_load(const char* json) {
  return guarded([&] {
    std::shared_ptr<const catalyse::Questionnaire> q;
    std::string out = catalyse::api::load(view(json), q);
    if (!q) return out;
    const int handle = next_handle++;
    loaded.emplace(handle, std::move(q));
    // Splice the handle into the facade's {"ok":true,…} answer.
    return std::string(R"({"ok":true,"handle":)") + std::to_string(handle) + "," + out.substr(std::strlen(R"({"ok":true,)"));
  });
}

void cat_unload(int handle) { loaded.erase(handle); }

char* cat_score(int handle, const char* answers, const char* lang) {
  return guarded([&] {
    const auto* q = find(handle);
    if (q == nullptr) return failure("unknown questionnaire handle");
    return catalyse::api::score(*q, view(answers), view(lang));
  });
}

char* cat_aggregate(int handle, const char* records, const char* options) {
  return guarded([&] {
    const auto* q = find(handle);
    if (q == nullptr) return failure("unknown questionnaire handle");
    return catalyse::api::aggregate(*q, view(records), view(options));
  });
}

}  // extern "C"
