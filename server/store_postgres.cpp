// The shared backend: several server processes, on one machine or several, use one PostgreSQL
// database and keep no state of their own. The database enforces idempotency (unique key on
// event and response id, INSERT … ON CONFLICT DO NOTHING, then a compare), so two processes
// submitting the same response at once store it once. Each process keeps a small pool of
// connections; a connection found broken (server restarted, backend terminated) is dropped and
// the call retried on a new one. Commits wait for the WAL flush (synchronous_commit = on).
#include <pqxx/pqxx>

#include <utility>

#include "pool.hpp"
#include "store_backends.hpp"

namespace catalyse::server::detail {
namespace {

using Kind = StoreError::Kind;

constexpr std::size_t max_connections = 16;
constexpr int attempts = 3;  // a call is tried on at most three connections
constexpr long long migration_lock_key = 0x63617461;  // pg_advisory_xact_lock: one migrator at a time

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
    "organiser_token_hash FROM events ";

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
  return e;
}

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const std::string& url) : db_(url) { apply_migrations(db_, latest_schema_version()); }

  bool create_event(const Event& e) override {
    require_state(e.state);
    return run(db_, "creating an event", [&](pqxx::connection& c) {
      pqxx::work t(c);
      auto r = t.exec_params(
          "INSERT INTO events (id, code, name, questionnaire, questionnaire_hash, languages, origins, state, "
          "organiser_token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
          e.id, e.code, e.name, e.questionnaire, e.questionnaire_hash, to_json_list(e.languages),
          to_json_list(e.origins), e.state, e.organiser_token_hash);
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
      auto inserted = t.exec_params(
          "INSERT INTO responses (event_id, response_id, record) "
          "SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM events WHERE id = $1 AND state = 'open' FOR SHARE) "
          "ON CONFLICT (event_id, response_id) DO NOTHING RETURNING seq",
          event, response, bytes);
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

 private:
  std::optional<Event> find(const char* where, std::string_view key) {
    return run(db_, "reading an event", [&](pqxx::connection& c) -> std::optional<Event> {
      pqxx::nontransaction t(c);
      auto rows = t.exec_params(std::string(event_columns) + where, std::string(key));
      if (rows.empty()) return std::nullopt;
      return read_event(rows[0]);
    });
  }

  Connections db_;
};

}  // namespace

std::unique_ptr<Store> open_postgres(const std::string& url) { return std::make_unique<PostgresStore>(url); }

int migrate_postgres(const std::string& url, int target) {
  Connections db(url);
  return apply_migrations(db, target);
}

}  // namespace catalyse::server::detail
