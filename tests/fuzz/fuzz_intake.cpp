// The event server's intake (server/service.hpp Service::submit) with arbitrary bodies and keys,
// against a real SQLite database in memory holding one open event of the default questionnaire.
// Input: the first byte chooses the Idempotency-Key (0: none, 1: the record's own id when it has
// one, 2: another key), the rest is the request body.
// Invariants besides no crash: the status is one the API documents; every reply is a JSON object
// (errors with a path and a message); a 2xx names the record's id and the same body again gets
// 200; nothing is stored unless a 2xx said so.
#include "fuzz_support.hpp"

#include "service.hpp"
#include "store.hpp"

#include <cstdint>
#include <set>

namespace {

struct Intake {
  std::unique_ptr<catalyse::server::Store> store = catalyse::server::open_store("sqlite::memory:");
  std::unique_ptr<catalyse::server::Service> service;
  catalyse::server::Event event;
  std::size_t stored = 0;
  Intake() {
    std::ifstream in(CATALYSE_SOURCE_DIR "/web/questionnaires/catalyseurs-2018.json", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    catalyse::server::ServiceOptions options;
    options.default_questionnaire = text.str();
    options.intake_per_second = 1e12;  // no 429 here: every input reaches validation
    options.intake_burst = 1e12;
    service = std::make_unique<catalyse::server::Service>(*store, options);
    auto [created, failure] = service->create({"fuzz", "", {}, {}});
    if (!created) fuzz::trap("cannot create the event", failure.body);
    event = created->event;
  }
};

Intake& intake() {
  static Intake it;
  return it;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Intake& it = intake();
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string key;
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  std::string id = parsed.is_object() && parsed.contains("id") && parsed["id"].is_string() ? parsed["id"].get<std::string>() : "";
  if (data[0] % 3 == 1) key = id;
  if (data[0] % 3 == 2) key = "another-key";

  auto reply = it.service->submit(it.event.code, key, body, "");
  static const std::set<int> documented{200, 201, 409, 413, 422};
  if (!documented.count(reply.status)) fuzz::trap("an undocumented status", std::to_string(reply.status) + " " + reply.body);
  nlohmann::json doc = nlohmann::json::parse(reply.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("ok") || !doc["ok"].is_boolean())
    fuzz::trap("a reply that is not {ok: …}", reply.body);
  if (reply.status >= 400) {
    if (doc["ok"].get<bool>() || !doc["errors"].is_array() || doc["errors"].empty()) fuzz::trap("an error reply without errors", reply.body);
    for (const auto& e : doc["errors"])
      if (!e.is_object() || !e["path"].is_string() || !e["message"].is_string() || e["message"].get<std::string>().empty())
        fuzz::trap("an error without a path or a message", reply.body);
  } else {
    if (doc.value("id", std::string()) != id || id.empty()) fuzz::trap("a 2xx that does not name the record's id", reply.body);
    if (!key.empty() && key != id) fuzz::trap("a 2xx for a key that is not the record's id", reply.body);
    if (reply.status == 201) ++it.stored;
    auto again = it.service->submit(it.event.code, key, body, "");
    if (again.status != 200) fuzz::trap("the same response again is not 200", again.body);
  }
  if (it.store->count(it.event.id) != it.stored) fuzz::trap("the store holds what no 2xx acknowledged", reply.body);
  return 0;
}
