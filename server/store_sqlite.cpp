// The embedded backend: one SQLite file in WAL mode with synchronous=FULL, so a write has been
// synced to disk when it returns. Writes go through one connection behind a mutex (SQLite has one
// writer at a time anyway); concurrent response puts share a transaction and its sync (group
// commit). Reads use a small pool of other connections, which WAL lets read while a write is
// being synced. Another process on the same file (the command line, a second server) makes a
// call wait up to five seconds for the lock before it fails as unavailable.
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>

#include "pool.hpp"
#include "store_backends.hpp"

namespace catalyse::server::detail {
namespace {

using Kind = StoreError::Kind;

constexpr int busy_timeout_ms = 5000;

// SQLite's own busy timeout backs off to 100 ms between tries, so a connection waiting for the
// lock held by a busy writer in another process rarely catches the short gap between that
// writer's transactions. Trying again every millisecond lets it in.
int wait_for_lock(void*, int tries) {
  if (tries >= busy_timeout_ms) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

Kind kind_of(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL: return Kind::full;
    case SQLITE_READONLY: return Kind::read_only;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN: return Kind::unavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Kind::corrupt;
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG: return Kind::invalid;
    default: return Kind::other;
  }
}

[[noreturn]] void fail(sqlite3* db, int code, const std::string& path, std::string_view doing) {
  std::string message = "SQLite database " + path + ": " + std::string(doing) + ": " +
                        (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  throw StoreError(kind_of(code), message);
}

// One prepared statement; text parameters are bound without copying (they outlive the step).
class Statement {
 public:
  Statement(sqlite3* db, const std::string& path, std::string_view sql) : db_(db), path_(path) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, path_, "preparing a query");
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& bind(int index, std::string_view text) {
    // A default string_view has no data pointer, which SQLite would bind as NULL.
    int rc = sqlite3_bind_text64(stmt_, index, text.data() ? text.data() : "", text.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(db_, rc, path_, "binding a value");
    return *this;
  }
  Statement& bind(int index, sqlite3_int64 value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc, path_, "binding a value");
    return *this;
  }
  // true while a row is available.
  bool step(std::string_view doing) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, path_, doing);
  }
  std::string_view text(int column) {
    auto data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string_view();
  }
  sqlite3_int64 integer(int column) { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3* db_;
  const std::string& path_;
  sqlite3_stmt* stmt_ = nullptr;
};

bool in_memory(const std::string& path) { return path == ":memory:"; }

class Connection {
 public:
  enum class Role { writer, reader };

  // The writer creates the file and its folder and sets the journal mode; a reader opens what is there.
  explicit Connection(std::string path, Role role = Role::writer) : path_(std::move(path)) {
    if (role == Role::writer && !in_memory(path_)) {
      std::error_code error;
      auto folder = std::filesystem::path(path_).parent_path();
      if (!folder.empty()) std::filesystem::create_directories(folder, error);
      if (error) {
        throw StoreError(Kind::unavailable,
                         "SQLite database " + path_ + ": cannot create its folder: " + error.message());
      }
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (role == Role::writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = "SQLite database " + path_ + ": cannot open: " +
                            (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
      sqlite3_close(db_);
      throw StoreError(kind_of(rc), message);
    }
    sqlite3_extended_result_codes(db_, 1);
    if (sqlite3_db_readonly(db_, "main") == 1) {
      sqlite3_close(db_);
      throw StoreError(Kind::read_only, "SQLite database " + path_ + " is read-only: the server cannot store responses");
    }
    sqlite3_busy_handler(db_, wait_for_lock, nullptr);
    if (role == Role::reader) {
      exec("PRAGMA query_only = ON", "opening for reading");
      return;
    }
    exec("PRAGMA foreign_keys = ON", "enabling foreign keys");
    // WAL: readers do not block the writer; FULL: every commit is synced before it returns.
    // Switching reads the header and then writes it in one statement, so a server starting at the
    // same time as another gets SQLITE_BUSY at once, without the busy handler: try again.
    for (int tries = 0;; ++tries) {
      Statement journal(db_, path_, "PRAGMA journal_mode = WAL");
      try {
        if (!journal.step("switching to WAL")) fail(db_, SQLITE_ERROR, path_, "switching to WAL");
        break;
      } catch (const StoreError& error) {
        if (error.kind() != Kind::unavailable || tries >= busy_timeout_ms) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    exec("PRAGMA synchronous = FULL", "setting synchronous writes");
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close_v2(db_); }

  void exec(std::string_view sql, std::string_view doing) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      throw StoreError(kind_of(rc), "SQLite database " + path_ + ": " + std::string(doing) + ": " + message);
    }
  }
  Statement query(std::string_view sql) { return Statement(db_, path_, sql); }
  int changes() { return sqlite3_changes(db_); }
  bool in_transaction() { return sqlite3_get_autocommit(db_) == 0; }
  const std::string& path() const { return path_; }

  // Runs `body` in a write transaction taken at once (BEGIN IMMEDIATE), rolled back on failure.
  template <class Body>
  auto write_transaction(Body&& body) {
    exec("BEGIN IMMEDIATE", "starting a transaction");
    try {
      if constexpr (std::is_void_v<decltype(body())>) {
        body();
        exec("COMMIT", "committing");
      } else {
        auto result = body();
        exec("COMMIT", "committing");
        return result;
      }
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

int current_version(Connection& db) {
  auto q = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  q.step("reading the schema version");
  return static_cast<int>(q.integer(0));
}

// Applies the migrations after the database's version up to `target`, each recorded in
// schema_migrations in the same transaction as its changes.
int apply_migrations(Connection& db, int target) {
  return db.write_transaction([&] {
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
            "creating the migrations table");
    int version = current_version(db);
    if (version > latest_schema_version()) {
      throw StoreError(Kind::schema_too_new, "SQLite database " + db.path() + " has schema version " +
                                                 std::to_string(version) + ", newer than this program's " +
                                                 std::to_string(latest_schema_version()) +
                                                 ": run a newer catalyse-server");
    }
    for (const Migration& m : migrations()) {
      if (m.version <= version || m.version > target) continue;
      db.exec(m.sqlite, "applying migration " + std::to_string(m.version) + " (" + m.name + ")");
      db.query("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
          .bind(1, sqlite3_int64{m.version})
          .bind(2, m.name)
          .step("recording a migration");
      version = m.version;
    }
    return version;
  });
}

Event read_event(Statement& q) {
  Event e;
  e.id = q.text(0);
  e.code = q.text(1);
  e.name = q.text(2);
  e.questionnaire = q.text(3);
  e.questionnaire_hash = q.text(4);
  e.languages = from_json_list(q.text(5));
  e.origins = from_json_list(q.text(6));
  e.state = q.text(7);
  e.organiser_token_hash = q.text(8);
  e.revealed = q.integer(9) != 0;
  return e;
}

constexpr std::string_view event_columns =
    "SELECT id, code, name, questionnaire, questionnaire_hash, languages, origins, state, "
    "organiser_token_hash, revealed FROM events ";

// One response put waiting for a group commit.
struct PendingPut {
  std::string_view event_id, response_id, record;
  std::optional<Put> result;
  std::exception_ptr error;
  bool done = false;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path)
      : writer_(path), readers_(max_readers, [path] { return std::make_unique<Connection>(path, Connection::Role::reader); }) {
    apply_migrations(writer_, latest_schema_version());
  }

  bool create_event(const Event& e) override {
    require_state(e.state);
    std::string languages = to_json_list(e.languages), origins = to_json_list(e.origins);
    std::lock_guard lock(write_mutex_);
    writer_.query(
           "INSERT INTO events (id, code, name, questionnaire, questionnaire_hash, languages, origins, state, "
           "organiser_token_hash, revealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(1, e.id).bind(2, e.code).bind(3, e.name).bind(4, e.questionnaire).bind(5, e.questionnaire_hash)
        .bind(6, languages).bind(7, origins).bind(8, e.state).bind(9, e.organiser_token_hash)
        .bind(10, sqlite3_int64{e.revealed ? 1 : 0})
        .step("creating an event");
    return writer_.changes() == 1;
  }

  std::optional<Event> event_by_code(std::string_view code) override { return find("WHERE code = ?", code); }
  std::optional<Event> event_by_id(std::string_view id) override { return find("WHERE id = ?", id); }

  bool set_state(std::string_view id, std::string_view state) override {
    require_state(state);
    std::lock_guard lock(write_mutex_);
    writer_.query("UPDATE events SET state = ? WHERE id = ?").bind(1, state).bind(2, id).step("changing an event's state");
    return writer_.changes() == 1;
  }

  bool set_revealed(std::string_view id, bool revealed) override {
    std::lock_guard lock(write_mutex_);
    writer_.query("UPDATE events SET revealed = ? WHERE id = ?")
        .bind(1, sqlite3_int64{revealed ? 1 : 0})
        .bind(2, id)
        .step("revealing an event's results");
    return writer_.changes() == 1;
  }

  // Group commit: the first caller to find no write in progress writes every put queued so far in
  // one transaction; the others wait for the commit that holds theirs. Nobody returns before the
  // commit holding its row is synced, and a failed commit fails every put it held.
  Put put_response(std::string_view event_id, std::string_view response_id, std::string_view record) override {
    PendingPut mine{event_id, response_id, record, std::nullopt, nullptr, false};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&mine);
    while (!mine.done) {
      if (writing_) {
        written_.wait(lock);
        continue;
      }
      writing_ = true;
      std::vector<PendingPut*> batch;
      batch.swap(queue_);
      lock.unlock();
      write_batch(batch);
      lock.lock();
      writing_ = false;
      for (PendingPut* p : batch) p->done = true;
      written_.notify_all();
    }
    if (mine.error) std::rethrow_exception(mine.error);
    return *mine.result;
  }

  std::size_t count(std::string_view event_id) override {
    return read([&](Connection& db) {
      auto q = db.query("SELECT COUNT(*) FROM responses WHERE event_id = ?");
      q.bind(1, event_id).step("counting responses");
      return static_cast<std::size_t>(q.integer(0));
    });
  }

  void for_each_response(std::string_view event_id,
                         const std::function<void(std::string_view)>& visit) override {
    sqlite3_int64 after = 0;
    std::vector<std::string> page;
    do {
      page.clear();
      read([&](Connection& db) {
        auto q = db.query("SELECT seq, record FROM responses WHERE event_id = ? AND seq > ? ORDER BY seq LIMIT ?");
        q.bind(1, event_id).bind(2, after).bind(3, sqlite3_int64{page_size});
        while (q.step("reading responses")) {
          after = q.integer(0);
          page.emplace_back(q.text(1));
        }
        return 0;
      });
      for (const auto& record : page) visit(record);
    } while (page.size() == static_cast<std::size_t>(page_size));
  }

  bool erase_event(std::string_view id) override {
    std::lock_guard lock(write_mutex_);
    return writer_.write_transaction([&] {
      writer_.query("DELETE FROM responses WHERE event_id = ?").bind(1, id).step("erasing responses");
      writer_.query("DELETE FROM events WHERE id = ?").bind(1, id).step("erasing an event");
      return writer_.changes() == 1;
    });
  }

  std::string check() override {
    return read([&](Connection& db) {
      std::string problems;
      auto note = [&](std::string_view line) {
        problems.append(line);
        problems.push_back('\n');
      };
      try {
        run_checks(db, note);
      } catch (const StoreError& error) {
        if (error.kind() != Kind::corrupt) throw;
        note(error.what());  // a damaged file can stop the check itself
      }
      return problems;
    });
  }

  int schema_version() override {
    return read([&](Connection& db) { return current_version(db); });
  }

 private:
  // Reads on a reader connection; an in-memory database exists only in the writer's connection.
  template <class Body>
  auto read(Body&& body) -> decltype(body(std::declval<Connection&>())) {
    if (in_memory(writer_.path())) {
      std::lock_guard lock(write_mutex_);
      return body(writer_);
    }
    auto lease = readers_.acquire();
    return body(*lease);
  }

  // Runs under the write lock, inside the batch's transaction: the event's state cannot change
  // between the check and the insert.
  Put insert_or_compare(const PendingPut& p) {
    auto insert = writer_.query(
        "INSERT INTO responses (event_id, response_id, record) "
        "SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM events WHERE id = ?1 AND state = 'open') "
        "ON CONFLICT (event_id, response_id) DO NOTHING");
    insert.bind(1, p.event_id).bind(2, p.response_id).bind(3, p.record).step("storing a response");
    if (writer_.changes() == 1) return Put::stored;
    auto existing = writer_.query("SELECT record FROM responses WHERE event_id = ? AND response_id = ?");
    existing.bind(1, p.event_id).bind(2, p.response_id);
    if (existing.step("reading a stored response")) return existing.text(0) == p.record ? Put::same : Put::conflict;
    auto event = writer_.query("SELECT state FROM events WHERE id = ?");
    event.bind(1, p.event_id);
    if (!event.step("reading an event's state")) {
      throw StoreError(Kind::invalid, "no event " + std::string(p.event_id) + " to store a response in");
    }
    return Put::closed;
  }

  void write_batch(const std::vector<PendingPut*>& batch) {
    std::lock_guard lock(write_mutex_);
    try {
      writer_.exec("BEGIN IMMEDIATE", "starting a transaction");
      for (PendingPut* p : batch) {
        try {
          p->result = insert_or_compare(*p);
        } catch (const StoreError& error) {
          if (error.kind() != Kind::invalid) throw;
          p->error = std::current_exception();  // this put only: the statement was undone, not the rest
        }
      }
      writer_.exec("COMMIT", "committing");
    } catch (...) {
      if (writer_.in_transaction()) roll_back();
      std::exception_ptr error = std::current_exception();
      for (PendingPut* p : batch) {
        p->result.reset();
        p->error = error;
      }
    }
  }

  void roll_back() {
    try {
      writer_.exec("ROLLBACK", "rolling back");
    } catch (const StoreError&) {
      // The failure being reported matters more; SQLite undoes an unfinished transaction anyway.
    }
  }

  template <class Note>
  static void run_checks(Connection& db, Note& note) {
    {
      auto q = db.query("PRAGMA integrity_check");
      while (q.step("checking integrity")) {
        if (q.text(0) != "ok") note("integrity_check: " + std::string(q.text(0)));
      }
    }
    {
      auto q = db.query("PRAGMA foreign_key_check");
      while (q.step("checking foreign keys")) {
        note("foreign_key_check: row " + std::to_string(q.integer(1)) + " of " + std::string(q.text(0)) +
             " refers to a missing " + std::string(q.text(2)));
      }
    }
    for (const CheckQuery& c : check_queries()) {
      auto q = db.query(c.sql);
      while (q.step("checking consistency")) note(std::string(c.what) + ": " + std::string(q.text(0)));
    }
    int version = current_version(db);
    if (version != latest_schema_version()) note("schema version " + std::to_string(version));
  }

  std::optional<Event> find(std::string_view where, std::string_view key) {
    return read([&](Connection& db) -> std::optional<Event> {
      auto q = db.query(std::string(event_columns) + std::string(where));
      q.bind(1, key);
      if (!q.step("reading an event")) return std::nullopt;
      return read_event(q);
    });
  }

  static constexpr std::size_t max_readers = 8;
  std::mutex write_mutex_;
  Connection writer_;
  Pool<Connection> readers_;

  std::mutex queue_mutex_;
  std::condition_variable written_;
  std::vector<PendingPut*> queue_;
  bool writing_ = false;
};

}  // namespace

std::unique_ptr<Store> open_sqlite(const std::string& path) { return std::make_unique<SqliteStore>(path); }

int migrate_sqlite(const std::string& path, int target) {
  Connection db(path);
  return apply_migrations(db, target);
}

}  // namespace catalyse::server::detail
