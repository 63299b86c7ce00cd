// The shared backend: several server processes, on one machine or several, use one PostgreSQL
// database and keep no state of their own. The database enforces idempotency (unique key on
// event and response id, INSERT … ON CONFLICT DO NOTHING, then a compare), so two processes
// submitting the same response at once store it once. Each process keeps a small pool of
// connections; a connection found broken (server restarted, backend terminated) is dropped and
// the call retried on a new one. Commits wait for the WAL flush (synchronous_commit = on).
// Each stored response and each change of an event's row is announced (NOTIFY, sent by the
// database when the transaction commits) so that the other processes' live rooms follow them.
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include "pool.hpp"
#include "store_backends.hpp"

namespace catalyse::server::detail {
namespace {

using Kind = StoreError::Kind;

constexpr std::size_t max_connections = 16;
constexpr int attempts = 3;  // a call is tried on at most three connections
constexpr long long migration_lock_key = 0x63617461;  // pg_advisory_xact_lock: one migrator at a time
// NOTIFY channel of the changes: "r TAG EVENT SEQ" (a response stored), "e TAG EVENT" (an event's
// row changed or erased); TAG tells which Store object made the change.
constexpr const char* changes_channel = "catalyse_changes";

Kind kind_of(const pqxx::sql_error& error) {
  const std::string state = error.sqlstate();
  if (state == "53100") return Kind::full;
  if (state == "25006") return Kind::read_only;
  if (state == "XX001" || state == "XX002") return Kind::corrupt;
  if (state.starts_with("22") || state.starts_with("23")) return Kind::invalid;
  if (state.starts_with("08") || state.starts_with("57P") || state == "53300") return Kind::unavailable;
  return Kind::other;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The URL without its password, for messages.
std::string shown(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + ":…" + url.substr(at);
}

// Opens a connection to `url` with commits that wait for the WAL flush.
std::unique_ptr<pqxx::connection> connect(const std::string& url) {
  try {
    auto c = std::make_unique<pqxx::connection>(url);
    pqxx::nontransaction setup(*c);
    setup.exec("SET synchronous_commit = on");
    return c;
  } catch (const pqxx::sql_error& error) {
    throw StoreError(kind_of(error), "PostgreSQL " + shown(url) + ": " + trimmed(error.what()));
  } catch (const pqxx::failure& error) {
    throw StoreError(Kind::unavailable, "PostgreSQL " + shown(url) + ": cannot connect: " + trimmed(error.what()));
  }
}

struct Connections {
  explicit Connections(std::string url_)
      : url(std::move(url_)),
        pool(max_connections, [this] { return connect(url); }, [](pqxx::connection& c) { return c.is_open(); }) {}
  const std::string url;
  Pool<pqxx::connection> pool;
};

// Runs `body(connection)`; on a lost connection, an unknown commit outcome or a serialisation
// failure it is run again on another connection. Every body below may run twice safely (the
// response put is an insert-or-compare; create_event treats an identical existing event as its own).
template <class Body>
auto run(Connections& db, std::string_view doing, Body&& body) {
  for (int attempt = 1;; ++attempt) {
    auto lease = db.pool.acquire();
    std::string failure;
    try {
      return body(*lease);
    } catch (const pqxx::broken_connection& error) {
      failure = error.what();
    } catch (const pqxx::in_doubt_error& error) {
      failure = error.what();
    } catch (const pqxx::transaction_rollback& error) {
      failure = error.what();  // serialisation failure or deadlock: the database asks for a retry
    } catch (const pqxx::sql_error& error) {
      if ((*lease).is_open() && kind_of(error) != Kind::unavailable) {
        throw StoreError(kind_of(error), "PostgreSQL " + shown(db.url) + ": " + std::string(doing) + ": " +
                                             trimmed(error.what()));
      }
      failure = error.what();
    } catch (const pqxx::failure& error) {
      if ((*lease).is_open()) {
        throw StoreError(Kind::other, "PostgreSQL " + shown(db.url) + ": " + std::string(doing) + ": " +
                                          trimmed(error.what()));
      }
      failure = error.what();
    }
    lease.discard();
    db.pool.drop_idle();
    if (attempt == attempts) {
      throw StoreError(Kind::unavailable, "PostgreSQL " + shown(db.url) + ": " + std::string(doing) +
                                              ": connection lost: " + trimmed(failure));
    }
  }
}

int current_version(pqxx::transaction_base& t) {
  return t.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0].as<int>();
}

int apply_migrations(Connections& db, int target) {
  return run(db, "migrating the schema", [&](pqxx::connection& c) {
    pqxx::work t(c);
    t.exec("SELECT pg_advisory_xact_lock(" + std::to_string(migration_lock_key) + ")");
    t.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL)");
    int version = current_version(t);
    if (version > latest_schema_version()) {
      throw StoreError(Kind::schema_too_new, "PostgreSQL " + shown(db.url) + " has schema version " +
                                                 std::to_string(version) + ", newer than this program's " +
                                                 std::to_string(latest_schema_version()) +
                                                 ": run a newer catalyse-server");
    }
    for (const Migration& m : migrations()) {
      if (m.version <= version || m.version > target) continue;
      t.exec(m.postgres);
      t.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, std::string(m.name));
      version = m.version;
    }
    t.commit();
    return version;
  });
}

constexpr const char* event_columns =
    "SELECT id, code, name, questionnaire, questionnaire_hash, languages, origins, state, "
    "organiser_token_hash, revealed FROM events ";

Event read_event(const pqxx::row& r) {
  Event e;
  e.id = r[0].as<std::string>();
  e.code = r[1].as<std::string>();
  e.name = r[2].as<std::string>();
  e.questionnaire = r[3].as<std::string>();
  e.questionnaire_hash = r[4].as<std::string>();
  e.languages = from_json_list(r[5].c_str());
  e.origins = from_json_list(r[6].c_str());
  e.state = r[7].as<std::string>();
  e.organiser_token_hash = r[8].as<std::string>();
  e.revealed = r[9].as<bool>();
  return e;
}

std::string random_tag() {
  std::random_device random;
  std::string tag;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(random()));
    tag += part;
  }
  return tag;
}

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const std::string& url) : db_(url), tag_(random_tag()) {
    apply_migrations(db_, latest_schema_version());
  }
  ~PostgresStore() override { stop_watching(); }

  bool create_event(const Event& e) override {
    require_state(e.state);
    return run(db_, "creating an event", [&](pqxx::connection& c) {
      pqxx::work t(c);
      auto r = t.exec_params(
          "INSERT INTO events (id, code, name, questionnaire, questionnaire_hash, languages, origins, state, "
          "organiser_token_hash, revealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
          e.id, e.code, e.name, e.questionnaire, e.questionnaire_hash, to_json_list(e.languages),
          to_json_list(e.origins), e.state, e.organiser_token_hash, e.revealed);
      if (r.affected_rows() == 1) {
        t.commit();
        return true;
      }
      // A retry after a commit whose outcome was lost finds its own event.
      auto existing = t.exec_params(std::string(event_columns) + "WHERE id = $1", e.id);
      return !existing.empty() && read_event(existing[0]) == e;
    });
  }

  std::optional<Event> event_by_code(std::string_view code) override { return find("WHERE code = $1", code); }
  std::optional<Event> event_by_id(std::string_view id) override { return find("WHERE id = $1", id); }

  bool set_state(std::string_view id, std::string_view state) override {
    require_state(state);
    return run(db_, "changing an event's state", [&](pqxx::connection& c) {
      pqxx::work t(c);
      auto r = t.exec_params("UPDATE events SET state = $1 WHERE id = $2", std::string(state), std::string(id));
      announce_event(t, id);
      t.commit();
      return r.affected_rows() == 1;
    });
  }

  bool set_revealed(std::string_view id, bool revealed) override {
    return run(db_, "revealing an event's results", [&](pqxx::connection& c) {
      pqxx::work t(c);
      auto r = t.exec_params("UPDATE events SET revealed = $1 WHERE id = $2", revealed, std::string(id));
      announce_event(t, id);
      t.commit();
      return r.affected_rows() == 1;
    });
  }

  Put put_response(std::string_view event_id, std::string_view response_id, std::string_view record) override {
    const std::string event(event_id), response(response_id), bytes(record);
    return run(db_, "storing a response", [&](pqxx::connection& c) {
      pqxx::work t(c);
      // A concurrent insert of the same key makes this one wait for its commit, then do nothing;
      // the SELECT (a new snapshot under READ COMMITTED) then sees the committed row. FOR SHARE
      // on the event row orders this insert with a concurrent close: the close waits for it, or
      // it waits for the close and then finds the event closed.
      // A stored response is announced to the other processes when the transaction commits.
      auto inserted = t.exec_params(
          "WITH stored AS (INSERT INTO responses (event_id, response_id, record) "
          "SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM events WHERE id = $1 AND state = 'open' FOR SHARE) "
          "ON CONFLICT (event_id, response_id) DO NOTHING RETURNING seq) "
          "SELECT seq, pg_notify($4, 'r ' || $5 || ' ' || $1 || ' ' || seq) FROM stored",
          event, response, bytes, std::string(changes_channel), tag_);
      if (!inserted.empty()) {
        t.commit();
        return Put::stored;
      }
      auto existing =
          t.exec_params("SELECT record FROM responses WHERE event_id = $1 AND response_id = $2", event, response);
      if (existing.empty()) {
        if (t.exec_params("SELECT 1 FROM events WHERE id = $1", event).empty()) {
          throw StoreError(Kind::invalid, "no event " + event + " to store a response in");
        }
        return Put::closed;
      }
      return existing[0][0].as<std::string>() == bytes ? Put::same : Put::conflict;
    });
  }

  std::size_t count(std::string_view event_id) override {
    return run(db_, "counting responses", [&](pqxx::connection& c) {
      pqxx::nontransaction t(c);
      return t.exec_params("SELECT COUNT(*) FROM responses WHERE event_id = $1", std::string(event_id))[0][0]
          .as<std::size_t>();
    });
  }

  void for_each_response(std::string_view event_id,
                         const std::function<void(std::string_view)>& visit) override {
    const std::string event(event_id);
    long long after = 0;
    std::vector<std::string> page;
    do {
      page.clear();
      run(db_, "reading responses", [&](pqxx::connection& c) {
        pqxx::nontransaction t(c);
        auto rows = t.exec_params(
            "SELECT seq, record FROM responses WHERE event_id = $1 AND seq > $2 ORDER BY seq LIMIT $3", event,
            after, page_size);
        page.clear();
        for (const auto& row : rows) page.push_back(row[1].as<std::string>());
        if (!rows.empty()) after = rows[rows.size() - 1][0].as<long long>();
        return 0;
      });
      for (const auto& record : page) visit(record);
    } while (page.size() == static_cast<std::size_t>(page_size));
  }

  bool erase_event(std::string_view id) override {
    return run(db_, "erasing an event", [&](pqxx::connection& c) {
      pqxx::work t(c);
      t.exec_params("DELETE FROM responses WHERE event_id = $1", std::string(id));
      auto r = t.exec_params("DELETE FROM events WHERE id = $1", std::string(id));
      announce_event(t, id);
      t.commit();
      return r.affected_rows() == 1;
    });
  }

  std::string check() override {
    return run(db_, "checking the database", [&](pqxx::connection& c) {
      pqxx::work t(c);
      std::string problems;
      for (const CheckQuery& q : check_queries()) {
        for (const auto& row : t.exec(q.sql)) problems += std::string(q.what) + ": " + row[0].c_str() + "\n";
      }
      int version = current_version(t);
      if (version != latest_schema_version()) problems += "schema version " + std::to_string(version) + "\n";
      return problems;
    });
  }

  int schema_version() override {
    return run(db_, "reading the schema version", [&](pqxx::connection& c) {
      pqxx::nontransaction t(c);
      return current_version(t);
    });
  }

  // One connection of its own LISTENs; notifications are read every 250 ms at most apart, the
  // responses they announce fetched in one query per batch. The first LISTEN is in place when
  // watch() returns (or the thread keeps trying, and reports `missed` once it is).
  bool watch(Watcher watcher) override {
    std::lock_guard lock(watch_mutex_);
    if (listener_.joinable()) return true;
    watcher_ = std::move(watcher);
    stop_ = false;
    std::unique_ptr<pqxx::connection> first;
    try {
      first = listen();
    } catch (const std::exception&) {
      first.reset();  // the thread tries again
    }
    listener_ = std::thread([this, c = std::move(first)]() mutable { listen_loop(std::move(c)); });
    return true;
  }

  void stop_watching() override {
    std::lock_guard lock(watch_mutex_);
    {
      std::lock_guard stopping(stop_mutex_);
      stop_ = true;
    }
    stop_signal_.notify_all();
    if (listener_.joinable()) listener_.join();
  }

 private:
  void announce_event(pqxx::work& t, std::string_view id) {
    t.exec_params("SELECT pg_notify($1, 'e ' || $2 || ' ' || $3)", std::string(changes_channel), tag_, std::string(id));
  }

  struct Receiver final : pqxx::notification_receiver {
    Receiver(pqxx::connection& c, std::vector<std::string>& got) : notification_receiver(c, changes_channel), got_(got) {}
    void operator()(const std::string& payload, int) override { got_.push_back(payload); }
    std::vector<std::string>& got_;
  };

  std::unique_ptr<pqxx::connection> listen() {
    auto c = connect(db_.url);
    receiver_.reset();
    received_.clear();
    receiver_ = std::make_unique<Receiver>(*c, received_);  // LISTEN, now
    return c;
  }

  bool stopping() {
    std::lock_guard lock(stop_mutex_);
    return stop_;
  }

  void listen_loop(std::unique_ptr<pqxx::connection> c) {
    bool lost = c == nullptr;
    while (!stopping()) {
      try {
        if (!c) c = listen();
        if (lost) watcher_.missed();
        lost = false;
        while (!stopping()) {
          c->await_notification(0, 250000);
          if (!received_.empty()) deliver(*c);
        }
      } catch (const std::exception&) {
        lost = true;
      }
      receiver_.reset();
      c.reset();
      std::unique_lock lock(stop_mutex_);
      if (lost) stop_signal_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_; });
    }
    receiver_.reset();
  }

  // The changes announced by other Store objects, for the events the watcher wants, in commit order.
  void deliver(pqxx::connection& c) {
    std::vector<std::string> payloads;
    payloads.swap(received_);
    std::vector<Change> changes;
    std::vector<long long> seqs;  // of the responses announced, beside their change
    for (const std::string& p : payloads) {
      // "r TAG EVENT SEQ" or "e TAG EVENT"
      auto first = p.find(' '), second = first == std::string::npos ? first : p.find(' ', first + 1);
      if (p.size() < 2 || second == std::string::npos || p.compare(first + 1, second - first - 1, tag_) == 0) continue;
      auto third = p.find(' ', second + 1);
      std::string event = p.substr(second + 1, third == std::string::npos ? std::string::npos : third - second - 1);
      if (!watcher_.wanted(event)) continue;
      Change change;
      change.event_id = event;
      change.response = p[0] == 'r';
      long long seq = 0;
      if (change.response) {
        if (third == std::string::npos) continue;
        seq = std::atoll(p.c_str() + third + 1);
      }
      changes.push_back(std::move(change));
      seqs.push_back(seq);
    }
    std::string wanted_seqs;
    for (long long seq : seqs)
      if (seq) wanted_seqs += (wanted_seqs.empty() ? "{" : ",") + std::to_string(seq);
    if (!wanted_seqs.empty()) {
      std::map<long long, std::string> records;
      pqxx::nontransaction t(c);
      for (const auto& row : t.exec_params("SELECT seq, record FROM responses WHERE seq = ANY($1::bigint[])", wanted_seqs + "}"))
        records.emplace(row[0].as<long long>(), row[1].as<std::string>());
      std::vector<Change> kept;
      for (std::size_t i = 0; i < changes.size(); ++i) {
        if (changes[i].response) {
          auto it = records.find(seqs[i]);
          if (it == records.end()) continue;  // erased since
          changes[i].record = std::move(it->second);
        }
        kept.push_back(std::move(changes[i]));
      }
      changes.swap(kept);
    }
    if (!changes.empty()) watcher_.changed(changes);
  }

  std::optional<Event> find(const char* where, std::string_view key) {
    return run(db_, "reading an event", [&](pqxx::connection& c) -> std::optional<Event> {
      pqxx::nontransaction t(c);
      auto rows = t.exec_params(std::string(event_columns) + where, std::string(key));
      if (rows.empty()) return std::nullopt;
      return read_event(rows[0]);
    });
  }

  Connections db_;
  const std::string tag_;  // in this object's announcements, which its own listener skips

  std::mutex watch_mutex_;  // watch() and stop_watching()
  Watcher watcher_;
  std::thread listener_;
  std::unique_ptr<Receiver> receiver_;  // the listener thread's
  std::vector<std::string> received_;   // payloads not yet delivered (listener thread)
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stop_ = false;
};

}  // namespace

std::unique_ptr<Store> open_postgres(const std::string& url) { return std::make_unique<PostgresStore>(url); }

int migrate_postgres(const std::string& url, int target) {
  Connections db(url);
  return apply_migrations(db, target);
}

}  // namespace catalyse::server::detail
