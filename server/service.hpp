// What the event server does, independent of HTTP: each call takes what a request carries and
// returns the reply to send. server/http.cpp maps routes to these calls; the command line and the
// intake fuzz target call them directly.
#pragma once

#include "live.hpp"
#include "secrets.hpp"
#include "store.hpp"

#include <catalyse/api.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace catalyse::server {

struct Reply {
  int status = 200;
  std::string body;
  std::string type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
};

struct ServiceOptions {
  std::string admin_token_hash;         // token_hash() of the admin token; empty: no admin API
  std::string default_questionnaire;    // JSON text used when an event is created without one
  std::size_t max_record_bytes = 256 * 1024;
  int live_min_group = 5;               // the live view shows nothing of a room smaller than this
  double intake_per_second = 200;       // per event: sustained rate, then 429
  double intake_burst = 400;            // per event: requests allowed at once
};

/// An event as the organiser asks for it (admin API, /organise/, command line).
struct NewEvent {
  std::string name;
  std::string questionnaire;            // JSON text; empty: the default questionnaire
  std::vector<std::string> languages;   // empty: all of the questionnaire's
  std::vector<std::string> origins;     // CORS origins allowed to submit ("https://site.example")
};

struct Created {
  Event event;
  std::string organiser_token;          // shown once; only its hash is stored
};

class Service {
 public:
  Service(Store& store, ServiceOptions options);
  std::size_t max_record_bytes() const { return options_.max_record_bytes; }

  /// Validates and stores a new event: the Created event, or a 4xx reply listing what is wrong.
  std::pair<std::optional<Created>, Reply> create(const NewEvent& request);
  /// The JSON reply to a creation (also printed by the command line).
  static std::string created_json(const Created& created);

  // Admin API
  Reply create_event(std::string_view authorization, std::string_view body);

  // Public
  Reply event_info(std::string_view code);
  Reply questionnaire(std::string_view code);
  /// The participant page (/e/CODE) made from `page_template` (web/event/index.html) with the event
  /// and its questionnaire's first section in it (event_page.hpp), in the language of `lang`
  /// (?lang=) or else of `accept_language`; made once per event and language, and again when the
  /// event's state, its reveal, its questionnaire or the template changes. nullopt: no such event, the store
  /// cannot be read, or the template lacks a place for the event (the page then asks the API).
  std::optional<std::string> participant_page(std::string_view code, std::string_view lang,
                                              std::string_view accept_language, std::string_view page_template);
  Reply submit(std::string_view code, std::string_view idempotency_key, std::string_view body,
               std::string_view origin);
  Reply preflight(std::string_view code, std::string_view origin);
  /// The live room of an event (GET …/live): its Room, or the reply that refuses it (404, 422
  /// for a language the questionnaire does not offer, 5xx).
  std::variant<std::shared_ptr<Room>, Reply> live(std::string_view code, std::string_view lang);
  /// Ends every live room (the server stops).
  void stop_live() { live_.stop(); }

  // Organiser (Authorization: Bearer <organiser token>)
  Reply organiser_state(std::string_view code, std::string_view authorization);
  Reply export_json(std::string_view code, std::string_view authorization);
  Reply export_csv(std::string_view code, std::string_view authorization, char separator);
  Reply aggregate(std::string_view code, std::string_view authorization, std::string_view lang,
                  std::string_view min_group, std::string_view workshop = "");
  Reply close(std::string_view code, std::string_view authorization);
  /// POST …/reveal {"revealed":true|false}: whether the live view shows the room's results.
  Reply reveal(std::string_view code, std::string_view authorization, std::string_view body);
  Reply erase(std::string_view code, std::string_view authorization, std::string_view exported);

  /// The catalyse-export/1 document of an event (the command line's export).
  std::string export_document(const Event& event);
  std::string csv_document(const Event& event, char separator);

 private:
  struct Bucket { double tokens; std::chrono::steady_clock::time_point at; };
  struct Recent { Event event; std::chrono::steady_clock::time_point at; };
  struct Page { std::string state, questionnaire_hash; bool revealed = false; std::size_t page_template = 0; std::string html; };
  std::shared_ptr<const Questionnaire> questionnaire_of(const Event& event);
  std::variant<Event, Reply> find(std::string_view code);
  /// find() for the respondents' routes: an event read less than a second ago is used again
  /// (one database round trip less per response; closing or erasing in this process forgets it).
  std::variant<Event, Reply> find_recent(std::string_view code);
  void forget(const std::string& code);
  std::variant<Event, Reply> organiser(std::string_view code, std::string_view authorization);
  bool allow_intake(const std::string& event_id, long& retry_after);
  std::vector<std::string> answer_columns(const Event& event);
  /// api::aggregate's options for an event's results: its language and a benchmark named after it.
  std::string aggregate_options(const Event& event, std::string_view lang, int min_group, bool workshop = false);

  Store& store_;
  ServiceOptions options_;
  std::string default_hash_;  // the default questionnaire's hash ("" without one)
  Throttle throttle_;
  std::mutex mutex_;  // guards the four maps below
  std::map<std::string, std::shared_ptr<const Questionnaire>, std::less<>> questionnaires_;
  std::map<std::string, Bucket, std::less<>> buckets_;
  std::map<std::string, Recent, std::less<>> recent_;  // by code
  std::map<std::string, Page, std::less<>> pages_;     // by code and language
  Live live_;
};

/// The language of the messages of the request being handled on this thread: "fr" or "en" (the
/// HTTP layer sets it from Accept-Language for each request; the command line leaves "en").
void set_message_language(std::string_view accept_language);
/// `en` or `fr`, in the language of the request being handled.
std::string say(std::string en, std::string fr);

/// Reply with {"ok":false,"errors":[{"path","message"}]}.
Reply error_reply(int status, std::string_view message, std::string_view path = "");
/// Maps a storage failure to a 5xx: 507 when full, 503 otherwise (with Retry-After), never a 2xx.
Reply storage_failure(const std::exception& error);

}  // namespace catalyse::server
