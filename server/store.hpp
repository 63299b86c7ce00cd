// Where the event server keeps events and responses: one small interface, two backends
// (SQLite embedded by default, PostgreSQL for several server processes sharing one database).
//
// Every member is safe to call from several threads at once. A failure of the database (disk
// full, read-only file, lost connection that could not be re-established, schema newer than this
// program) throws StoreError with a kind the server maps to a 5xx; nothing is reported stored
// that was not committed. A response row holds the event, the response id and the record's bytes:
// no address, user agent or time of arrival.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace catalyse::server {

struct Event {
  std::string id;                      // server-chosen, unique
  std::string code;                    // short join code, unique
  std::string name;
  std::string questionnaire;           // JSON text, as given
  std::string questionnaire_hash;
  std::vector<std::string> languages;  // e.g. {"fr", "en"}
  std::vector<std::string> origins;    // CORS origins the organiser allows
  std::string state;                   // "open" | "closed"
  std::string organiser_token_hash;
  bool revealed = false;               // the room's results shown on the live view

  bool operator==(const Event&) const = default;
};

// Outcome of put_response: same id and same bytes again -> same; same id, other bytes -> conflict;
// a new id for a closed event -> closed (nothing written).
enum class Put { stored, same, conflict, closed };

class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    unavailable,     // cannot reach or open the database (connection refused or lost, busy too long)
    read_only,       // the database file or server refuses writes
    full,            // disk or quota full
    schema_too_new,  // the database was migrated by a newer program
    corrupt,         // the database reports a malformed file
    invalid,         // a caller error: unknown event for a response, bad URL, bad state name
    other,           // any other database error (message says which)
  };
  StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

// "unavailable", "read-only", "full", "schema-too-new", "corrupt", "invalid", "other".
std::string_view to_string(StoreError::Kind kind) noexcept;

class Store {
 public:
  virtual ~Store() = default;

  // false (and nothing written) when an event with this id or this code already exists.
  virtual bool create_event(const Event& event) = 0;
  virtual std::optional<Event> event_by_code(std::string_view code) = 0;
  virtual std::optional<Event> event_by_id(std::string_view id) = 0;
  // state is "open" or "closed" (anything else: StoreError invalid); false when no such event.
  virtual bool set_state(std::string_view id, std::string_view state) = 0;
  // false when no such event.
  virtual bool set_revealed(std::string_view id, bool revealed) = 0;

  // Atomic insert-or-compare on (event, response id), enforced by the database, so correct when
  // several threads or processes submit the same id at once: exactly one of them gets `stored`.
  // The event's state is read in the same statement: once set_state(id, "closed") has returned,
  // in any process, no new response is stored (a stored one sent again is still same/conflict).
  // Durable (committed and synced) when it returns. Unknown event: StoreError invalid.
  virtual Put put_response(std::string_view event_id, std::string_view response_id,
                           std::string_view record_json) = 0;
  virtual std::size_t count(std::string_view event_id) = 0;
  // In the order the responses were stored (the same order every time). The callback runs
  // without any lock held, page by page; responses stored meanwhile may or may not be visited.
  virtual void for_each_response(std::string_view event_id,
                                 const std::function<void(std::string_view record_json)>& visit) = 0;
  // The event and all its responses, in one transaction; false when no such event.
  virtual bool erase_event(std::string_view id) = 0;

  // What other processes change in the database, for the live rooms. watch() starts delivering
  // them from a thread of the store's own and returns true, or returns false when this backend
  // has nothing to deliver (SQLite: one server process writes the file). Changes made through
  // this Store object are not delivered (its caller knows them).
  struct Change {
    std::string event_id;
    bool response = false;   // true: a response was stored (record below); false: the event's row changed
    std::string record;
  };
  struct Watcher {
    std::function<bool(std::string_view event_id)> wanted;   // changes of other events are not read
    std::function<void(std::vector<Change>& changes)> changed;  // in the order they were committed
    std::function<void()> missed;  // changes may have been lost (connection lost, then made again)
  };
  virtual bool watch(Watcher watcher) { (void)watcher; return false; }
  // Stops the deliveries; none is running or will start when it returns.
  virtual void stop_watching() {}

  // Empty when the database is sound, else what is wrong (SQLite: PRAGMA integrity_check and
  // foreign_key_check; both: orphan or duplicate responses, schema version).
  virtual std::string check() = 0;
  virtual int schema_version() = 0;
};

// "sqlite:data/catalyse.db" (the folder is created if missing; ":memory:" works for a single
// Store) or "postgresql://user@host:port/db" (also "postgres://"). Applies pending migrations
// (recorded in the database) before returning; throws StoreError.
std::unique_ptr<Store> open_store(std::string_view url);

// The schema version this program writes; migrations are numbered 1..latest_schema_version().
int latest_schema_version() noexcept;
// Applies migrations up to `target` (at most latest) and returns the database's version after.
// open_store does this with the latest; lower targets exist for upgrade tests and tooling.
int migrate(std::string_view url, int target);

}  // namespace catalyse::server
