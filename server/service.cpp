#include "service.hpp"

#include "event_page.hpp"

#include <catalyse/aggregate.hpp>
#include <catalyse/messages.hpp>
#include <catalyse/model.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <set>

namespace catalyse::server {
namespace {

using json = nlohmann::json;

Reply json_reply(int status, const json& body) {
  Reply r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

/// The member after `{"ok":true,"<name>":` of a core answer, or nullopt when it is not ok.
std::optional<std::string_view> ok_member(std::string_view answer, std::string_view name) {
  std::string prefix = R"({"ok":true,")" + std::string(name) + "\":";
  if (answer.substr(0, prefix.size()) != prefix || answer.empty() || answer.back() != '}') return std::nullopt;
  return answer.substr(prefix.size(), answer.size() - prefix.size() - 1);
}

std::string_view bearer(std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(scheme[i]))) return {};
  return authorization.substr(scheme.size());
}

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char out[11];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

bool valid_origin(const std::string& origin) {
  // scheme://host[:port], nothing after: what a browser sends in the Origin header.
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string::npos) return false;
  auto scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  auto rest = origin.substr(scheme_end + 3);
  if (rest.empty() || rest.size() > 253) return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
}

void cors(Reply& reply, const Event& event, std::string_view origin) {
  if (origin.empty()) return;
  if (std::find(event.origins.begin(), event.origins.end(), origin) == event.origins.end()) return;
  reply.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  reply.headers.emplace_back("Vary", "Origin");
}

/// One CSV cell (as web/kiosk/kiosk-export.js csvCell): formulas neutralised, quoted when needed.
std::string csv_cell(const json* value) {
  std::string text;
  if (value == nullptr || value->is_null()) {
  } else if (value->is_string()) {
    text = value->get<std::string>();
  } else if (value->is_array()) {
    bool first = true;
    for (const auto& v : *value) {
      if (!first) text += '|';
      first = false;
      text += v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  } else {
    text = value->dump(-1, ' ', false, json::error_handler_t::replace);
  }
  if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) text.insert(text.begin(), '\'');
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  bool quote = text.find_first_of("\",\r\n;") != std::string::npos ||
               (!text.empty() && (is_space(text.front()) || is_space(text.back())));
  if (!quote) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

namespace {
thread_local bool french = false;
}  // namespace

void set_message_language(std::string_view accept_language) {
  // The first of fr/en in the header (its order is the client's preference); English otherwise.
  auto fr = accept_language.find("fr");
  auto en = accept_language.find("en");
  french = fr != std::string_view::npos && (en == std::string_view::npos || fr < en);
}

std::string say(std::string en, std::string fr) { return french ? std::move(fr) : std::move(en); }

Reply error_reply(int status, std::string_view message, std::string_view path) {
  return json_reply(status, json{{"ok", false}, {"errors", json::array({json{{"path", path}, {"message", message}}})}});
}

Reply storage_failure(const std::exception& error) {
  int status = 503;
  std::string kind = "unavailable";
  if (auto* e = dynamic_cast<const StoreError*>(&error)) {
    kind = std::string(to_string(e->kind()));
    if (e->kind() == StoreError::Kind::full) status = 507;
  }
  Reply r = json_reply(status, json{{"ok", false}, {"storage", kind},
      {"errors", json::array({json{{"path", ""}, {"message", say("the database could not be used (" + kind + "); nothing was stored, try again later", "la base de données n’a pas pu servir (" + kind + ") : rien n’a été enregistré, réessayez plus tard")}}})}});
  if (status == 503) r.headers.emplace_back("Retry-After", "5");
  return r;
}

Service::Service(Store& store, ServiceOptions options) : store_(store), options_(std::move(options)), live_(store) {
  std::shared_ptr<const Questionnaire> loaded;
  std::string answer = api::load(options_.default_questionnaire, loaded);
  if (loaded) default_hash_ = json::parse(*ok_member(answer, "questionnaire")).value("hash", std::string());
}

std::shared_ptr<const Questionnaire> Service::questionnaire_of(const Event& event) {
  {
    std::lock_guard lock(mutex_);
    auto it = questionnaires_.find(event.questionnaire_hash);
    if (it != questionnaires_.end()) return it->second;
  }
  std::shared_ptr<const Questionnaire> loaded;
  api::load(event.questionnaire, loaded);
  if (!loaded) return nullptr;
  std::lock_guard lock(mutex_);
  return questionnaires_.emplace(event.questionnaire_hash, loaded).first->second;
}

std::pair<std::optional<Created>, Reply> Service::create(const NewEvent& request) {
  json errors = json::array();
  auto add = [&](std::string path, std::string message) { errors.push_back(json{{"path", std::move(path)}, {"message", std::move(message)}}); };
  std::string name = request.name;
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
  name.erase(0, std::min(name.find_first_not_of(" \t\r\n"), name.size()));
  if (name.empty()) add("/name", say("an event needs a name", "un événement a besoin d’un nom"));
  if (name.size() > 200) add("/name", say("a name has at most 200 characters", "un nom fait au plus 200 caractères"));

  const std::string& text = request.questionnaire.empty() ? options_.default_questionnaire : request.questionnaire;
  std::shared_ptr<const Questionnaire> loaded;
  std::string answer = api::load(text, loaded);
  json meta;
  if (!loaded) {
    json parsed = json::parse(answer, nullptr, false);
    if (parsed.is_object() && parsed.contains("errors"))
      for (auto& e : parsed["errors"]) add("/questionnaire" + e.value("path", std::string()), e.value("message", std::string()));
    else add("/questionnaire", say("the questionnaire could not be read", "le questionnaire n’a pas pu être lu"));
  } else {
    meta = json::parse(*ok_member(answer, "questionnaire"));
  }
  std::vector<std::string> languages = request.languages;
  if (loaded) {
    auto offered = meta["languages"].get<std::vector<std::string>>();
    if (languages.empty()) languages = offered;
    for (std::size_t i = 0; i < languages.size(); ++i)
      if (std::find(offered.begin(), offered.end(), languages[i]) == offered.end())
        add("/languages/" + std::to_string(i), say("the questionnaire does not offer the language \"" + languages[i] + "\"", "le questionnaire ne propose pas la langue « " + languages[i] + " »"));
  }
  for (std::size_t i = 0; i < request.origins.size(); ++i)
    if (!valid_origin(request.origins[i]))
      add("/origins/" + std::to_string(i), say("an origin is scheme://host[:port], e.g. https://site.example (no path, no trailing slash)", "une origine s’écrit schéma://hôte[:port], par ex. https://site.example (sans chemin ni barre finale)"));
  if (!errors.empty()) return {std::nullopt, json_reply(422, json{{"ok", false}, {"errors", errors}})};

  Created created;
  Event& e = created.event;
  e.name = name;
  e.questionnaire = text;
  e.questionnaire_hash = meta["hash"].get<std::string>();
  e.languages = languages;
  e.origins = request.origins;
  e.state = "open";
  created.organiser_token = random_token();
  e.organiser_token_hash = token_hash(created.organiser_token);
  for (int attempt = 0; attempt < 8; ++attempt) {  // a taken code (1 in 10^12 per event) is drawn again
    e.id = random_id();
    e.code = random_code();
    if (store_.create_event(e)) {
      std::lock_guard lock(mutex_);
      questionnaires_.emplace(e.questionnaire_hash, loaded);
      return {created, Reply{}};
    }
  }
  return {std::nullopt, error_reply(503, say("no free join code was found; try again", "aucun code libre n’a été trouvé : réessayez"))};
}

std::string Service::created_json(const Created& c) {
  const Event& e = c.event;
  std::string code = display_code(e.code);
  json out{{"ok", true}, {"id", e.id}, {"code", code}, {"name", e.name}, {"state", e.state},
           {"languages", e.languages}, {"origins", e.origins}, {"questionnaireHash", e.questionnaire_hash},
           {"organiserToken", c.organiser_token},
           {"endpoint", "/api/v1/events/" + e.code + "/responses"},
           {"questionnaireUrl", "/api/v1/events/" + e.code + "/questionnaire"},
           {"kiosk", "/kiosk/?src=" + std::string("/api/v1/events/") + e.code + "/questionnaire"}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Reply Service::create_event(std::string_view authorization, std::string_view body) {
  if (options_.admin_token_hash.empty()) return error_reply(403, say("this server has no admin token: create events with the command line", "ce serveur n’a pas de jeton d’administration : créez les événements en ligne de commande"));
  if (long wait = throttle_.wait_seconds("admin")) {
    Reply r = error_reply(429, say("too many wrong tokens: wait before trying again", "trop de jetons erronés : attendez avant de réessayer"));
    r.headers.emplace_back("Retry-After", std::to_string(wait));
    return r;
  }
  if (!same_hash(token_hash(bearer(authorization)), options_.admin_token_hash) || bearer(authorization).empty()) {
    throttle_.failed("admin");
    Reply r = error_reply(401, say("the admin token is missing or wrong", "le jeton d’administration manque ou est faux"));
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  throttle_.succeeded("admin");
  json doc = json::parse(body, nullptr, false);
  if (!doc.is_object()) return error_reply(400, say("expected a JSON object {name, questionnaire?, languages?, origins?}", "un objet JSON est attendu {name, questionnaire?, languages?, origins?}"));
  NewEvent request;
  json errors = json::array();
  auto strings = [&](const char* key, std::vector<std::string>& out) {
    if (!doc.contains(key)) return;
    if (!doc[key].is_array()) { errors.push_back(json{{"path", std::string("/") + key}, {"message", say("expected a list of strings", "une liste de textes est attendue")}}); return; }
    for (std::size_t i = 0; i < doc[key].size(); ++i) {
      if (doc[key][i].is_string()) out.push_back(doc[key][i].get<std::string>());
      else errors.push_back(json{{"path", std::string("/") + key + "/" + std::to_string(i)}, {"message", say("expected a string", "un texte est attendu")}});
    }
  };
  if (doc.contains("name") && doc["name"].is_string()) request.name = doc["name"].get<std::string>();
  if (doc.contains("questionnaire")) {
    const auto& q = doc["questionnaire"];
    if (q.is_string()) request.questionnaire = q.get<std::string>();
    else if (q.is_object()) request.questionnaire = q.dump(-1, ' ', false, json::error_handler_t::replace);
    else if (!q.is_null()) errors.push_back(json{{"path", "/questionnaire"}, {"message", say("expected a questionnaire (object or JSON text)", "un questionnaire est attendu (objet ou texte JSON)")}});
  }
  strings("languages", request.languages);
  strings("origins", request.origins);
  if (!errors.empty()) return json_reply(422, json{{"ok", false}, {"errors", errors}});
  try {
    auto [created, failure] = create(request);
    if (!created) return failure;
    Reply r;
    r.status = 201;
    r.body = created_json(*created);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

std::variant<Event, Reply> Service::find(std::string_view typed) {
  std::string code = normalise_code(typed);
  if (code.empty()) return error_reply(404, say("no event has this code", "aucun événement n’a ce code"));
  auto event = store_.event_by_code(code);
  if (!event) return error_reply(404, say("no event has this code", "aucun événement n’a ce code"));
  return *event;
}

std::variant<Event, Reply> Service::find_recent(std::string_view typed) {
  std::string code = normalise_code(typed);
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = recent_.find(code);
    if (it != recent_.end() && now - it->second.at < std::chrono::seconds(1)) return it->second.event;
  }
  auto found = find(code);
  if (auto* e = std::get_if<Event>(&found)) {
    std::lock_guard lock(mutex_);
    if (recent_.size() > 10000) recent_.clear();
    recent_[e->code] = Recent{*e, now};
  }
  return found;
}

void Service::forget(const std::string& code) {
  std::lock_guard lock(mutex_);
  recent_.erase(code);
}

namespace {
/// What GET /api/v1/events/CODE answers (and the participant page carries).
json event_description(const Event& e) {
  return json{{"code", display_code(e.code)}, {"name", e.name}, {"state", e.state}, {"languages", e.languages},
              {"questionnaire", {{"hash", e.questionnaire_hash}}}, {"revealed", e.revealed},
              {"endpoint", "/api/v1/events/" + e.code + "/responses"},
              {"live", "/api/v1/events/" + e.code + "/live"},
              {"questionnaireUrl", "/api/v1/events/" + e.code + "/questionnaire"}};
}
}  // namespace

Reply Service::event_info(std::string_view code) {
  try {
    auto found = find(code);
    if (auto* r = std::get_if<Reply>(&found)) return *r;
    return json_reply(200, event_description(std::get<Event>(found)));
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

std::optional<std::string> Service::participant_page(std::string_view code, std::string_view lang,
                                                     std::string_view accept_language, std::string_view page_template) {
  std::optional<Event> event;
  try {
    auto found = find_recent(code);
    if (auto* e = std::get_if<Event>(&found)) event = std::move(*e);
  } catch (const StoreError&) {
  }
  if (!event) return std::nullopt;
  const Event& e = *event;
  std::vector<std::string> offered = e.languages;
  if (offered.empty()) offered = {"fr"};
  const std::string language = page_language(lang, accept_language, offered);
  const std::size_t page_template_hash = std::hash<std::string_view>{}(page_template);
  const std::string key = e.code + "\n" + language;
  {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(key);
    if (it != pages_.end() && it->second.state == e.state && it->second.questionnaire_hash == e.questionnaire_hash &&
        it->second.revealed == e.revealed && it->second.page_template == page_template_hash)
      return it->second.html;
  }
  // Where the page's script (web/event/widget.js) fetches the questionnaire's text: the default
  // questionnaire's copy in the event's one language, or whole (web/generated/, from scripts/build.sh),
  // else the event's own at its questionnaireUrl.
  const std::string questionnaire_url = e.questionnaire_hash != default_hash_ ? "/api/v1/events/" + e.code + "/questionnaire"
      : e.languages.size() == 1 ? "/generated/catalyseurs-2018." + e.languages.front() + ".json"
                                : "/generated/catalyseurs-2018.json";
  // An event in one of the widget's languages only gets the page's script with that language's
  // strings alone (web/dist/event.fr.js, event.en.js: scripts/build.sh); any other, both.
  const bool one_ui_language = e.languages.size() == 1 && (e.languages.front() == "fr" || e.languages.front() == "en");
  const std::string script_url = one_ui_language ? "/dist/event." + e.languages.front() + ".js" : "";
  PageEvent page{e.name, language, json_reply(200, event_description(e)).body, e.state != "closed", e.questionnaire, questionnaire_url, script_url};
  auto html = catalyse::server::participant_page(page_template, page);
  if (!html) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (pages_.size() > 4096) pages_.clear();
  pages_[key] = Page{e.state, e.questionnaire_hash, e.revealed, page_template_hash, *html};
  return html;
}

Reply Service::questionnaire(std::string_view code) {
  try {
    auto found = find(code);
    if (auto* r = std::get_if<Reply>(&found)) return *r;
    Reply r;
    r.body = std::get<Event>(found).questionnaire;
    return r;
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

bool Service::allow_intake(const std::string& event_id, long& retry_after) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 10000) buckets_.clear();  // bounded: at worst, a burst allowed again
  auto [it, inserted] = buckets_.try_emplace(event_id, Bucket{options_.intake_burst, now});
  Bucket& b = it->second;
  if (!inserted) {
    double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(options_.intake_burst, b.tokens + elapsed * options_.intake_per_second);
    b.at = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  retry_after = std::max(1L, static_cast<long>((1 - b.tokens) / std::max(options_.intake_per_second, 0.001)) + 1);
  return false;
}

Reply Service::preflight(std::string_view code, std::string_view origin) {
  Reply r;
  r.status = 204;
  try {
    auto found = find_recent(code);
    if (auto* e = std::get_if<Event>(&found)) {
      cors(r, *e, origin);
      if (!r.headers.empty()) {
        r.headers.emplace_back("Access-Control-Allow-Methods", "POST");
        r.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key");
        r.headers.emplace_back("Access-Control-Max-Age", "600");
      }
    }
  } catch (const StoreError&) {
  }
  return r;
}

Reply Service::submit(std::string_view code, std::string_view key, std::string_view body, std::string_view origin) {
  Event event;
  try {
    auto found = find_recent(code);
    if (auto* r = std::get_if<Reply>(&found)) return *r;
    event = std::move(std::get<Event>(found));
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
  Reply reply = [&]() -> Reply {
    if (event.state != "open") return error_reply(410, say("this event is closed: it takes no more responses", "cet événement est clos : il ne reçoit plus de réponses"));
    if (body.size() > options_.max_record_bytes)
      return error_reply(413, say("a response record has at most " + std::to_string(options_.max_record_bytes) + " bytes", "une réponse fait au plus " + std::to_string(options_.max_record_bytes) + " octets"));
    long retry_after = 0;
    if (!allow_intake(event.id, retry_after)) {
      Reply r = error_reply(429, say("too many responses at once: try again in a moment", "trop de réponses à la fois : réessayez dans un instant"));
      r.headers.emplace_back("Retry-After", std::to_string(retry_after));
      return r;
    }
    auto q = questionnaire_of(event);
    if (!q) return error_reply(500, say("this event's questionnaire cannot be loaded", "le questionnaire de cet événement ne peut pas être chargé"));

    // The core checks the record as the aggregation will read it: JSON within its limits (size,
    // nesting, values), one object, format, id, questionnaire id and hash, answers re-scored.
    json problems = json::array();
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      problems.push_back(json{{"path", ""}, {"message", say("expected one response record (a JSON object)", "une seule réponse est attendue (un objet JSON)")}});
    }
    for (const Issue& p : problems.empty() ? aggregation::check_record(*q, body) : Issues{}) {
      // The core's words for this problem in the client's language (Accept-Language).
      json item{{"path", p.path}, {"message", catalyse::message(p.code, p.params, french ? "fr" : "en")},
                {"code", p.code}, {"params", p.params}};
      problems.push_back(std::move(item));
    }
    json record;
    if (problems.empty()) {
      record = json::parse(body, nullptr, false);  // the core accepted it: one object, bounded depth
      if (!record.is_object() || !record.contains("id") || !record["id"].is_string())
        problems.push_back(json{{"path", ""}, {"message", say("expected one response record (a JSON object)", "une seule réponse est attendue (un objet JSON)")}});
    }
    if (!problems.empty()) return json_reply(422, json{{"ok", false}, {"errors", problems}});
    std::string id = record["id"].get<std::string>();
    if (!key.empty() && key != id)
      return error_reply(422, say("the Idempotency-Key header must be the record's id", "l’en-tête Idempotency-Key doit être l’identifiant de la réponse"), "/id");
    std::string canonical = record.dump(-1, ' ', false, json::error_handler_t::strict);
    Put put;
    try {
      put = store_.put_response(event.id, id, canonical);
    } catch (const StoreError& e) {
      if (e.kind() == StoreError::Kind::invalid) return error_reply(404, say("no event has this code", "aucun événement n’a ce code"));
      return storage_failure(e);
    }
    if (put == Put::stored) live_.stored(event.id, canonical);
    switch (put) {
      case Put::stored: return json_reply(201, json{{"ok", true}, {"id", id}, {"stored", true}});
      case Put::same: return json_reply(200, json{{"ok", true}, {"id", id}, {"stored", false}});
      case Put::closed: return error_reply(410, say("this event is closed: it takes no more responses", "cet événement est clos : il ne reçoit plus de réponses"));
      case Put::conflict: break;
    }
    return error_reply(409, say("a different response with this id is already stored", "une autre réponse est déjà enregistrée sous cet identifiant"), "/id");
  }();
  cors(reply, event, origin);
  return reply;
}

std::variant<Event, Reply> Service::organiser(std::string_view code, std::string_view authorization) {
  auto found = find(code);
  if (auto* r = std::get_if<Reply>(&found)) return *r;
  Event e = std::move(std::get<Event>(found));
  if (long wait = throttle_.wait_seconds(e.id)) {
    Reply r = error_reply(429, say("too many wrong tokens for this event: wait before trying again", "trop de jetons erronés pour cet événement : attendez avant de réessayer"));
    r.headers.emplace_back("Retry-After", std::to_string(wait));
    return r;
  }
  auto token = bearer(authorization);
  if (token.empty() || !same_hash(token_hash(token), e.organiser_token_hash)) {
    throttle_.failed(e.id);
    Reply r = error_reply(401, say("the organiser token is missing or wrong", "le jeton de l’organisateur manque ou est faux"));
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  throttle_.succeeded(e.id);
  return e;
}

#define CATALYSE_ORGANISER(event_var)                                   \
  auto found_ = organiser(code, authorization);                         \
  if (auto* r_ = std::get_if<Reply>(&found_)) return *r_;               \
  Event event_var = std::move(std::get<Event>(found_))

Reply Service::organiser_state(std::string_view code, std::string_view authorization) {
  try {
    CATALYSE_ORGANISER(e);
    json state{{"ok", true}, {"id", e.id}, {"code", display_code(e.code)}, {"name", e.name}, {"state", e.state},
               {"count", store_.count(e.id)}, {"revealed", e.revealed}, {"languages", e.languages}, {"origins", e.origins},
               {"questionnaireHash", e.questionnaire_hash},
               {"endpoint", "/api/v1/events/" + e.code + "/responses"}};
    Reply r = json_reply(200, state);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

std::string Service::export_document(const Event& e) {
  json head{{"format", "catalyse-export/1"}, {"exported", today()}, {"event", display_code(e.code)}, {"name", e.name}};
  std::string out = head.dump(-1, ' ', false, json::error_handler_t::replace);
  out.pop_back();
  out += R"(,"questionnaire":{"hash":)" + json(e.questionnaire_hash).dump() + "}";
  std::string records;
  std::size_t n = 0;
  store_.for_each_response(e.id, [&](std::string_view record) {
    records += n++ ? ",\n" : "\n";
    records += record;
  });
  out += ",\"count\":" + std::to_string(n) + ",\"records\":[" + records + (n ? "\n" : "") + "]}\n";
  return out;
}

Reply Service::export_json(std::string_view code, std::string_view authorization) {
  try {
    CATALYSE_ORGANISER(e);
    Reply r;
    r.body = export_document(e);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"catalyse-" + e.code + ".json\"");
    return r;
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

std::vector<std::string> Service::answer_columns(const Event& e) {
  std::vector<std::string> columns;
  json q = json::parse(e.questionnaire, nullptr, false);
  if (!q.is_object() || !q.contains("sections") || !q["sections"].is_array()) return columns;
  for (const auto& section : q["sections"]) {
    if (!section.is_object() || !section.contains("questions") || !section["questions"].is_array()) continue;
    for (const auto& question : section["questions"]) {
      if (!question.is_object() || !question.contains("id") || !question["id"].is_string()) continue;
      std::string id = question["id"].get<std::string>();
      if (question.value("type", std::string()) == "matrix" && question.contains("rows") && question["rows"].is_array()) {
        for (const auto& row : question["rows"])
          if (row.is_object() && row.contains("id") && row["id"].is_string()) columns.push_back(id + "/" + row["id"].get<std::string>());
      } else {
        columns.push_back(id);
      }
    }
  }
  return columns;
}

std::string Service::csv_document(const Event& e, char separator) {
  // The kiosk's CSV (web/kiosk/kiosk-export.js toCSV): fixed columns, then the questionnaire's answer
  // columns (a matrix row is "question/row"), then any other answer keys in sorted order.
  std::vector<std::string> columns = answer_columns(e);
  std::vector<std::map<std::string, json>> rows;
  std::vector<json> heads;
  std::set<std::string> known(columns.begin(), columns.end()), extra;
  store_.for_each_response(e.id, [&](std::string_view text) {
    json r = json::parse(text, nullptr, false);
    std::map<std::string, json> flat;
    if (r.is_object() && r.contains("answers") && r["answers"].is_object()) {
      for (auto& [key, value] : r["answers"].items()) {
        if (value.is_object()) {
          for (auto& [row, v] : value.items()) flat[key + "/" + row] = v;
        } else {
          flat[key] = value;
        }
      }
    }
    for (const auto& [k, v] : flat)
      if (!known.count(k)) extra.insert(k);
    json head = json::array();
    auto member = [&](const json& obj, const char* k) { return obj.is_object() && obj.contains(k) ? obj[k] : json(); };
    json q = member(r, "questionnaire");
    for (const json& v : {member(r, "id"), member(q, "id"), member(q, "version"), member(q, "hash"), member(r, "lang"), member(r, "completed")})
      head.push_back(v);
    heads.push_back(std::move(head));
    rows.push_back(std::move(flat));
  });
  for (const auto& k : extra) columns.push_back(k);
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header{"id", "questionnaire", "version", "hash", "lang", "completed"};
  header.insert(header.end(), columns.begin(), columns.end());
  for (std::size_t i = 0; i < header.size(); ++i) {
    json cell = header[i];
    if (i) out += separator;
    out += csv_cell(&cell);
  }
  out += "\r\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t i = 0; i < heads[r].size(); ++i) {
      if (i) out += separator;
      out += csv_cell(&heads[r][i]);
    }
    for (const auto& c : columns) {
      out += separator;
      auto it = rows[r].find(c);
      out += csv_cell(it == rows[r].end() ? nullptr : &it->second);
    }
    out += "\r\n";
  }
  return out;
}

Reply Service::export_csv(std::string_view code, std::string_view authorization, char separator) {
  try {
    CATALYSE_ORGANISER(e);
    Reply r;
    r.type = "text/csv; charset=utf-8";
    r.body = csv_document(e, separator);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"catalyse-" + e.code + ".csv\"");
    return r;
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

Reply Service::aggregate(std::string_view code, std::string_view authorization, std::string_view lang,
                         std::string_view min_group, std::string_view workshop) {
  try {
    CATALYSE_ORGANISER(e);
    auto q = questionnaire_of(e);
    if (!q) return error_reply(500, say("this event's questionnaire cannot be loaded", "le questionnaire de cet événement ne peut pas être chargé"));
    int group = 0;
    if (!min_group.empty()) {
      auto [end, ec] = std::from_chars(min_group.data(), min_group.data() + min_group.size(), group);
      if (ec != std::errc() || end != min_group.data() + min_group.size() || group < 1)
        return error_reply(422, say("minGroup is a whole number of at least 1", "minGroup est un nombre entier d’au moins 1"), "/minGroup");
    }
    std::string records = "[";
    bool first = true;
    store_.for_each_response(e.id, [&](std::string_view record) {
      if (!first) records += ',';
      first = false;
      records += record;
    });
    records += ']';
    // minGroup 3 or 4 only with workshop=1 (AGGREGATE.md "Workshop mode"): the core refuses it otherwise.
    std::string answer = api::aggregate(*q, records, aggregate_options(e, lang, group, workshop == "1" || workshop == "true"));
    json result = json::parse(answer, nullptr, false);
    Reply r;
    r.headers.emplace_back("Cache-Control", "no-store");
    if (!result.is_object() || !result.value("ok", false) || !result.contains("aggregate")) {
      r.status = 422;
      r.body = answer;
      return r;
    }
    r.body = result["aggregate"].dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

std::string Service::aggregate_options(const Event& e, std::string_view lang, int min_group, bool workshop) {
  json options = json::object();
  if (!lang.empty()) options["lang"] = std::string(lang);
  if (min_group > 0) options["minGroup"] = min_group;
  if (workshop) options["workshop"] = true;
  std::string id = "event-" + e.code;  // benchmark ids are lower case
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  options["benchmark"] = json{{"id", id}, {"source", {{"fr", e.name}, {"en", e.name}}}};
  return options.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::variant<std::shared_ptr<Room>, Reply> Service::live(std::string_view code, std::string_view lang) {
  try {
    auto found = find(code);
    if (auto* r = std::get_if<Reply>(&found)) return *r;
    const Event& e = std::get<Event>(found);
    auto q = questionnaire_of(e);
    if (!q) return error_reply(500, say("this event's questionnaire cannot be loaded", "le questionnaire de cet événement ne peut pas être chargé"));
    // One room per language: the one asked for, else the event's first (the questionnaire's).
    std::string language(lang);
    if (language.empty()) language = !e.languages.empty() ? e.languages.front() : q->languages.empty() ? "" : q->languages.front();
    std::string refused;
    auto room = live_.room(e, q, language, options_.live_min_group,
                           aggregate_options(e, language, options_.live_min_group), refused);
    if (room) return room;
    json answer = json::parse(refused, nullptr, false);
    if (answer.is_object() && answer.contains("errors")) return json_reply(422, json{{"ok", false}, {"errors", answer["errors"]}});
    return error_reply(422, say("the live view cannot be made in this language", "la vue en direct ne peut pas être faite dans cette langue"), "/lang");
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

Reply Service::reveal(std::string_view code, std::string_view authorization, std::string_view body) {
  try {
    CATALYSE_ORGANISER(e);
    json request = json::parse(body, nullptr, false);
    if (!request.is_object() || !request.contains("revealed") || !request["revealed"].is_boolean())
      return error_reply(422, say("expected {\"revealed\": true} or {\"revealed\": false}", "attendu : {\"revealed\": true} ou {\"revealed\": false}"), "/revealed");
    e.revealed = request["revealed"].get<bool>();
    store_.set_revealed(e.id, e.revealed);
    forget(e.code);
    live_.changed(e);
    Reply r = json_reply(200, json{{"ok", true}, {"revealed", e.revealed}});
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

Reply Service::close(std::string_view code, std::string_view authorization) {
  try {
    CATALYSE_ORGANISER(e);
    store_.set_state(e.id, "closed");
    forget(e.code);
    e.state = "closed";
    live_.changed(e);
    return json_reply(200, json{{"ok", true}, {"state", "closed"}, {"count", store_.count(e.id)}});
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

Reply Service::erase(std::string_view code, std::string_view authorization, std::string_view exported) {
  try {
    CATALYSE_ORGANISER(e);
    if (e.state != "closed") return error_reply(409, say("close the event before erasing it", "clôturez l’événement avant de l’effacer"), "/state");
    std::size_t count = store_.count(e.id);
    std::size_t claimed = 0;
    auto [end, ec] = std::from_chars(exported.data(), exported.data() + exported.size(), claimed);
    if (exported.empty() || ec != std::errc() || end != exported.data() + exported.size() || claimed != count)
      return json_reply(409, json{{"ok", false}, {"count", count},
          {"errors", json::array({json{{"path", "/exported"}, {"message", say("export the " + std::to_string(count) + " responses first, then erase with exported=" + std::to_string(count),
              "exportez d’abord les " + std::to_string(count) + " réponses, puis effacez avec exported=" + std::to_string(count))}}})}});
    store_.erase_event(e.id);
    forget(e.code);
    live_.erased(e.id);
    return json_reply(200, json{{"ok", true}, {"erased", true}, {"count", count}});
  } catch (const StoreError& e) {
    return storage_failure(e);
  }
}

}  // namespace catalyse::server
