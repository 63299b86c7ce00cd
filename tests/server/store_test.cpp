// The storage suite, one program for both backends: with CATALYSE_TEST_POSTGRES set (a PostgreSQL
// URL, e.g. from `node scripts/postgres.mjs run -- …`) every case runs in its own schema of that
// database; without it, every case gets its own SQLite file in a temporary folder.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <mutex>
#include <set>
#include <thread>

#include "store.hpp"

using namespace catalyse::server;
namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;

namespace {

const char* postgres_server() {
  const char* url = std::getenv("CATALYSE_TEST_POSTGRES");
  return url && *url ? url : nullptr;
}

const bool on_postgres = postgres_server() != nullptr;

fs::path sqlite_folder() {
  static struct Folder {
    fs::path path;
    Folder() {
      std::string pattern = (fs::temp_directory_path() / "catalyse-store-XXXXXX").string();
      path = mkdtemp(pattern.data());
    }
    ~Folder() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } folder;
  return folder.path;
}

// A database of its own for one test case, and raw SQL access to it for setting up states the
// Store never produces (an older schema, a future version, an orphan row).
class Database {
 public:
  Database() {
    static std::atomic<int> counter{0};
    int n = ++counter;
    if (const char* server = postgres_server()) {
      schema_ = "store_test_" + std::to_string(getpid()) + "_" + std::to_string(n);
      admin_exec(std::string("CREATE SCHEMA ") + schema_);
      std::string base = server;
      url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    } else {
      path_ = sqlite_folder() / ("case-" + std::to_string(n) + "/catalyse.db");
      url_ = "sqlite:" + path_.string();
    }
  }
  ~Database() {
    if (postgres()) {
      try {
        admin_exec("DROP SCHEMA " + schema_ + " CASCADE");
      } catch (...) {
      }
    }
  }
  bool postgres() const { return !schema_.empty(); }
  const std::string& url() const { return url_; }
  const fs::path& path() const { return path_; }

  Rows query(const std::string& sql) {
    Rows rows;
    if (postgres()) {
      pqxx::connection c(url_);
      pqxx::nontransaction t(c);
      for (const auto& row : t.exec(sql)) {
        auto& out = rows.emplace_back();
        for (const auto& field : row) out.emplace_back(field.is_null() ? "" : field.c_str());
      }
      return rows;
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path_.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    auto collect = [](void* out, int n, char** values, char**) {
      auto& rows = *static_cast<Rows*>(out);
      auto& row = rows.emplace_back();
      for (int i = 0; i < n; ++i) row.emplace_back(values[i] ? values[i] : "");
      return 0;
    };
    int rc = sqlite3_exec(db, sql.c_str(), collect, &rows, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) FAIL("SQLite: " << message << " in " << sql);
    return rows;
  }

 private:
  static void admin_exec(const std::string& sql) {
    pqxx::connection c(postgres_server());
    pqxx::nontransaction t(c);
    t.exec(sql);
  }

  std::string url_, schema_;
  fs::path path_;
};

Event sample_event(std::string id, std::string code) {
  Event e;
  e.id = std::move(id);
  e.code = std::move(code);
  e.name = "Rencontres des catalyseurs — Lyon";
  e.questionnaire = R"({"format":"catalyse-questionnaire/1","id":"q"})";
  e.questionnaire_hash = "sha256:0123abcd";
  e.languages = {"fr", "en"};
  e.origins = {"https://reseau.example.org"};
  e.state = "open";
  e.organiser_token_hash = "sha256:feedbeef";
  return e;
}

std::string record(int n, std::string_view variant = "") {
  return R"({"format":"catalyse-response/1","id":"r)" + std::to_string(n) + R"(","answers":{"q1":")" +
         std::string(variant) + R"("}})";
}

std::string rid(int n) {
  std::string id = "r";
  id += std::to_string(n);
  return id;
}

StoreError::Kind kind_thrown(const std::function<void()>& action) {
  try {
    action();
  } catch (const StoreError& error) {
    MESSAGE("StoreError (" << to_string(error.kind()) << "): " << std::string(error.what()));
    return error.kind();
  }
  FAIL("no StoreError thrown");
  return StoreError::Kind::other;
}

}  // namespace

TEST_CASE("an event is created once and read back by id and by join code") {
  Database db;
  auto store = open_store(db.url());
  Event e = sample_event("ev-1", "K7QX-M2PD");
  e.origins = {};
  REQUIRE(store->create_event(e));

  for (auto found : {store->event_by_id("ev-1"), store->event_by_code("K7QX-M2PD")}) {
    REQUIRE(found);
    CHECK(found->id == e.id);
    CHECK(found->code == e.code);
    CHECK(found->name == e.name);
    CHECK(found->questionnaire == e.questionnaire);
    CHECK(found->questionnaire_hash == e.questionnaire_hash);
    CHECK(found->languages == std::vector<std::string>{"fr", "en"});
    CHECK(found->origins.empty());
    CHECK(found->state == "open");
    CHECK(found->organiser_token_hash == e.organiser_token_hash);
  }
  CHECK_FALSE(store->event_by_id("ev-2"));
  CHECK_FALSE(store->event_by_code("k7qx-m2pd"));

  SUBCASE("the same id or the same code again is refused and changes nothing") {
    Event same_id = sample_event("ev-1", "OTHER-CODE");
    same_id.name = "another";
    CHECK_FALSE(store->create_event(same_id));
    CHECK_FALSE(store->create_event(sample_event("ev-2", "K7QX-M2PD")));
    CHECK(store->event_by_id("ev-1")->name == e.name);
    CHECK_FALSE(store->event_by_id("ev-2"));
    CHECK_FALSE(store->event_by_code("OTHER-CODE"));
  }
  SUBCASE("an event needs a known state") {
    Event bad = sample_event("ev-4", "C4");
    bad.state = "paused";
    CHECK(kind_thrown([&] { store->create_event(bad); }) == StoreError::Kind::invalid);
    CHECK_FALSE(store->event_by_id("ev-4"));
  }
}

TEST_CASE("an event is closed and reopened; unknown events and states are refused") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  CHECK(store->set_state("ev-1", "closed"));
  CHECK(store->event_by_code("C1")->state == "closed");
  CHECK(store->set_state("ev-1", "open"));
  CHECK(store->event_by_id("ev-1")->state == "open");
  CHECK_FALSE(store->set_state("nope", "closed"));
  CHECK(kind_thrown([&] { store->set_state("ev-1", "erased"); }) == StoreError::Kind::invalid);
  CHECK(store->event_by_id("ev-1")->state == "open");
}

TEST_CASE("an event's results are revealed and hidden again; not revealed to begin with") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  REQUIRE(store->create_event(sample_event("ev-2", "C2")));
  CHECK_FALSE(store->event_by_id("ev-1")->revealed);
  CHECK(store->set_revealed("ev-1", true));
  CHECK(store->event_by_code("C1")->revealed);
  CHECK_FALSE(store->event_by_code("C2")->revealed);
  CHECK(store->set_revealed("ev-1", false));
  CHECK_FALSE(store->event_by_id("ev-1")->revealed);
  CHECK_FALSE(store->set_revealed("nope", true));
}

TEST_CASE("a response is stored once: the same bytes again are `same`, other bytes `conflict`") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  REQUIRE(store->create_event(sample_event("ev-2", "C2")));

  CHECK(store->put_response("ev-1", "r1", record(1)) == Put::stored);
  CHECK(store->put_response("ev-1", "r1", record(1)) == Put::same);
  CHECK(store->put_response("ev-1", "r1", record(1, "other")) == Put::conflict);
  CHECK(store->put_response("ev-1", "r1", record(1) + " ") == Put::conflict);
  CHECK(store->put_response("ev-1", "r2", record(2)) == Put::stored);
  // The same response id in another event is another response.
  CHECK(store->put_response("ev-2", "r1", record(1, "other")) == Put::stored);
  CHECK(store->count("ev-1") == 2);
  CHECK(store->count("ev-2") == 1);
  CHECK(store->count("no-such-event") == 0);
  // The store keeps whatever bytes it is given (the server validates them); an empty id is an id.
  CHECK(store->put_response("ev-2", std::string_view(), "{}") == Put::stored);
  CHECK(store->put_response("ev-2", "", "{}") == Put::same);
  CHECK(store->count("ev-2") == 2);

  std::vector<std::string> seen;
  store->for_each_response("ev-1", [&](std::string_view r) { seen.emplace_back(r); });
  CHECK(seen == std::vector<std::string>{record(1), record(2)});
}

TEST_CASE("a closed event takes no new response; one already stored is still recognised") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  REQUIRE(store->put_response("ev-1", "r1", record(1)) == Put::stored);
  REQUIRE(store->set_state("ev-1", "closed"));
  CHECK(store->put_response("ev-1", "r2", record(2)) == Put::closed);
  CHECK(store->put_response("ev-1", "r1", record(1)) == Put::same);
  CHECK(store->put_response("ev-1", "r1", record(1, "other")) == Put::conflict);
  CHECK(store->count("ev-1") == 1);
  REQUIRE(store->set_state("ev-1", "open"));
  CHECK(store->put_response("ev-1", "r2", record(2)) == Put::stored);
}

TEST_CASE("once a close has returned, no server process stores a new response") {
  Database db;
  auto organiser = open_store(db.url());
  auto intake = open_store(db.url());  // another server process taking responses
  REQUIRE(organiser->create_event(sample_event("ev-1", "C1")));
  std::atomic<bool> closed{false}, stop{false};
  std::atomic<int> stored_after_close{0}, stored{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        bool was_closed = closed;
        int n = t * 100000 + i;
        Put put = intake->put_response("ev-1", rid(n), record(n));
        if (put == Put::stored) {
          ++stored;
          if (was_closed) ++stored_after_close;
        }
      }
    });
  }
  while (stored < 50) std::this_thread::yield();
  REQUIRE(organiser->set_state("ev-1", "closed"));
  closed = true;
  std::size_t at_close = organiser->count("ev-1");
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  stop = true;
  for (auto& t : clients) t.join();
  CHECK(stored_after_close == 0);
  CHECK(intake->count("ev-1") == at_close);
  CHECK(at_close == static_cast<std::size_t>(stored.load()));
}

TEST_CASE("a response for an unknown event is refused and nothing is stored") {
  Database db;
  auto store = open_store(db.url());
  CHECK(kind_thrown([&] { store->put_response("ghost", "r1", record(1)); }) == StoreError::Kind::invalid);
  CHECK(store->count("ghost") == 0);
  CHECK(db.query("SELECT COUNT(*) FROM responses")[0][0] == "0");
}

TEST_CASE("in a burst of puts, the one for an unknown event fails alone") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  constexpr int threads = 8;
  std::atomic<int> stored{0}, refused{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        try {
          if (store->put_response(t == 0 ? "ghost" : "ev-1", rid(t * 10 + i), record(i)) == Put::stored) ++stored;
        } catch (const StoreError& error) {
          if (error.kind() == StoreError::Kind::invalid) ++refused;
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  CHECK(refused == 5);
  CHECK(stored == (threads - 1) * 5);
  CHECK(store->count("ev-1") == (threads - 1) * 5);
  CHECK(store->count("ghost") == 0);
}

TEST_CASE("the same response submitted at once by many threads through two stores is stored exactly once") {
  Database db;
  auto first = open_store(db.url());
  auto second = open_store(db.url());  // a second server process on the same database
  REQUIRE(first->create_event(sample_event("ev-1", "C1")));
  constexpr int threads = 8, rounds = 5;
  for (int round = 0; round < rounds; ++round) {
    std::atomic<int> stored{0}, same{0}, conflict{0}, errors{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        Store& store = t % 2 ? *second : *first;
        // Threads 0 and 1 bring other content under the same id.
        std::string bytes = t < 2 ? record(round, "thread " + std::to_string(t)) : record(round);
        while (!go) std::this_thread::yield();
        try {
          switch (store.put_response("ev-1", rid(round), bytes)) {
            case Put::stored: ++stored; break;
            case Put::same: ++same; break;
            case Put::conflict: ++conflict; break;
            case Put::closed: ++errors; break;
          }
        } catch (const StoreError& error) {
          ++errors;
          MESSAGE(std::string(error.what()));
        }
      });
    }
    go = true;
    for (auto& t : pool) t.join();
    CHECK(errors == 0);
    CHECK(stored == 1);
    CHECK(stored + same + conflict == threads);
    CHECK(conflict >= 1);  // two threads disagree with at least one of the others
  }
  CHECK(first->count("ev-1") == rounds);
  CHECK(second->count("ev-1") == rounds);
}

TEST_CASE("distinct responses from many threads are all stored and counted") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  constexpr int threads = 6, each = 10;
  std::atomic<int> stored{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        int n = t * each + i;
        if (store->put_response("ev-1", rid(n), record(n)) == Put::stored) ++stored;
      }
    });
  }
  for (auto& t : pool) t.join();
  CHECK(stored == threads * each);
  CHECK(store->count("ev-1") == threads * each);
  std::set<std::string> seen;
  store->for_each_response("ev-1", [&](std::string_view r) { seen.emplace(r); });
  CHECK(seen.size() == threads * each);
}

TEST_CASE("responses are visited in the order they were stored, the same order every time") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  REQUIRE(store->create_event(sample_event("ev-2", "C2")));
  // More than one page (256) of responses, ids not in storage order, another event interleaved.
  constexpr int n = 300;
  std::vector<std::string> expected;
  for (int i = 0; i < n; ++i) {
    int id = (i * 7919) % n;
    expected.push_back(record(id));
    REQUIRE(store->put_response("ev-1", rid(id), record(id)) == Put::stored);
    if (i % 50 == 0) REQUIRE(store->put_response("ev-2", rid(i), record(i, "ev-2")) == Put::stored);
  }
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::string> seen;
    store->for_each_response("ev-1", [&](std::string_view r) { seen.emplace_back(r); });
    CHECK(seen == expected);
  }
  SUBCASE("the callback may use the store") {
    std::size_t visited = 0;
    store->for_each_response("ev-2", [&](std::string_view) {
      ++visited;
      CHECK(store->count("ev-2") == 6);
    });
    CHECK(visited == 6);
  }
}

TEST_CASE("a writer killed mid-load: every response it was told was stored is there, once") {
  Database db;
  REQUIRE(open_store(db.url())->create_event(sample_event("ev-1", "C1")));
  int pipe_ends[2];
  REQUIRE(pipe(pipe_ends) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Four threads putting as fast as they can; each acknowledged id goes to the pipe.
    close(pipe_ends[0]);
    auto store = open_store(db.url());
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0;; ++i) {
          int n = t * 1000000 + i;
          if (store->put_response("ev-1", rid(n), record(n)) != Put::stored) _exit(3);
          std::string line = rid(n) + "\n";
          if (write(pipe_ends[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
        }
      });
    }
    for (auto& t : writers) t.join();
    _exit(0);
  }
  close(pipe_ends[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  std::string acknowledged;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof buffer)) > 0;) acknowledged.append(buffer, static_cast<std::size_t>(n));
  close(pipe_ends[0]);

  auto store = open_store(db.url());
  CHECK(store->check() == "");
  std::set<std::string> stored;
  store->for_each_response("ev-1", [&](std::string_view r) { stored.emplace(r); });
  CHECK(stored.size() == store->count("ev-1"));
  std::size_t acked = 0, missing = 0;
  for (std::size_t start = 0, end; (end = acknowledged.find('\n', start)) != std::string::npos; start = end + 1) {
    ++acked;
    int n = std::stoi(acknowledged.substr(start + 1, end - start - 1));
    if (!stored.count(record(n))) ++missing;
  }
  MESSAGE(acked << " acknowledged before the kill, " << stored.size() << " stored");
  CHECK(acked > 0);
  CHECK(missing == 0);
  CHECK(stored.size() >= acked);
}

TEST_CASE("erasing an event removes it and its responses, and nothing else") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  REQUIRE(store->create_event(sample_event("ev-2", "C2")));
  for (int i = 0; i < 3; ++i) {
    REQUIRE(store->put_response("ev-1", rid(i), record(i)) == Put::stored);
    REQUIRE(store->put_response("ev-2", rid(i), record(i)) == Put::stored);
  }
  CHECK(store->erase_event("ev-1"));
  CHECK_FALSE(store->event_by_id("ev-1"));
  CHECK_FALSE(store->event_by_code("C1"));
  CHECK(store->count("ev-1") == 0);
  CHECK(store->count("ev-2") == 3);
  CHECK(db.query("SELECT COUNT(*) FROM responses")[0][0] == "3");
  CHECK_FALSE(store->erase_event("ev-1"));
  CHECK(kind_thrown([&] { store->put_response("ev-1", "r9", record(9)); }) == StoreError::Kind::invalid);
  CHECK(store->check().empty());
}

TEST_CASE("what is stored survives closing and reopening the store") {
  Database db;
  {
    auto store = open_store(db.url());
    REQUIRE(store->create_event(sample_event("ev-1", "C1")));
    REQUIRE(store->put_response("ev-1", "r1", record(1)) == Put::stored);
    REQUIRE(store->set_state("ev-1", "closed"));
  }
  auto store = open_store(db.url());
  CHECK(store->event_by_code("C1")->state == "closed");
  CHECK(store->put_response("ev-1", "r1", record(1)) == Put::same);
  CHECK(store->count("ev-1") == 1);
}

TEST_CASE("a response row holds no address, user agent or time") {
  Database db;
  auto store = open_store(db.url());
  Rows columns = db.postgres()
                     ? db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'responses' "
                                "AND table_schema = current_schema() ORDER BY ordinal_position")
                     : db.query("SELECT name FROM pragma_table_info('responses') ORDER BY cid");
  std::vector<std::string> names;
  for (const auto& row : columns) names.push_back(row[0]);
  CHECK(names == std::vector<std::string>{"seq", "event_id", "response_id", "record"});
}

TEST_CASE("migrations: an empty database is brought to the latest version, each step recorded") {
  Database db;
  REQUIRE(latest_schema_version() >= 2);
  auto store = open_store(db.url());
  CHECK(store->schema_version() == latest_schema_version());
  Rows recorded = db.query("SELECT version, name FROM schema_migrations ORDER BY version");
  REQUIRE(recorded.size() == static_cast<std::size_t>(latest_schema_version()));
  CHECK(recorded[0] == std::vector<std::string>{"1", "events_and_responses"});
  CHECK(recorded[1] == std::vector<std::string>{"2", "responses_in_storage_order"});
  // Opening again applies nothing twice.
  auto again = open_store(db.url());
  CHECK(again->schema_version() == latest_schema_version());
  CHECK(db.query("SELECT COUNT(*) FROM schema_migrations")[0][0] == std::to_string(latest_schema_version()));
  CHECK(store->check().empty());
}

TEST_CASE("migrations: servers starting together on an empty database migrate it once") {
  Database db;
  constexpr int servers = 4;
  std::atomic<int> opened{0};
  std::vector<std::thread> starting;
  for (int i = 0; i < servers; ++i) {
    starting.emplace_back([&] {
      try {
        if (open_store(db.url())->schema_version() == latest_schema_version()) ++opened;
      } catch (const StoreError& error) {
        MESSAGE(std::string(error.what()));
      }
    });
  }
  for (auto& t : starting) t.join();
  CHECK(opened == servers);
  CHECK(db.query("SELECT COUNT(*) FROM schema_migrations")[0][0] == std::to_string(latest_schema_version()));
}

TEST_CASE("migrations: a database at version 1 holding data is upgraded to the latest version and keeps its data") {
  Database db;
  CHECK(migrate(db.url(), 1) == 1);
  CHECK(migrate(db.url(), 1) == 1);
  db.query(
      "INSERT INTO events (id, code, name, questionnaire, questionnaire_hash, languages, origins, state, "
      "organiser_token_hash) VALUES ('ev-1', 'C1', 'Lyon', '{}', 'h', '[\"fr\"]', '[]', 'closed', 't')");
  db.query("INSERT INTO responses (event_id, response_id, record) VALUES ('ev-1', 'r1', '{\"id\":\"r1\"}')");
  std::string index_query =
      db.postgres() ? "SELECT indexname FROM pg_indexes WHERE indexname = 'responses_by_event_seq' AND "
                      "schemaname = current_schema()"
                    : "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'responses_by_event_seq'";
  CHECK(db.query(index_query).empty());

  auto store = open_store(db.url());
  CHECK(store->schema_version() == latest_schema_version());
  CHECK(db.query(index_query).size() == 1);
  auto e = store->event_by_code("C1");
  REQUIRE(e);
  CHECK_FALSE(e->revealed);
  CHECK(e->languages == std::vector<std::string>{"fr"});
  CHECK(e->state == "closed");
  CHECK(store->put_response("ev-1", "r1", "{\"id\":\"r1\"}") == Put::same);
  CHECK(store->count("ev-1") == 1);
  CHECK(store->check().empty());
  CHECK(kind_thrown([&] { migrate(db.url(), latest_schema_version() + 1); }) == StoreError::Kind::invalid);
}

TEST_CASE("a database migrated by a newer program is refused with a clear error") {
  Database db;
  open_store(db.url());
  db.query("INSERT INTO schema_migrations (version, name) VALUES (" + std::to_string(latest_schema_version() + 1) +
           ", 'from_the_future')");
  CHECK(kind_thrown([&] { open_store(db.url()); }) == StoreError::Kind::schema_too_new);
}

TEST_CASE("check finds a response whose event is missing") {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  REQUIRE(store->put_response("ev-1", "r1", record(1)) == Put::stored);
  CHECK(store->check() == "");
  // Bypass the foreign key as a damaged or hand-edited database would.
  if (db.postgres()) {
    db.query(
        "ALTER TABLE responses DISABLE TRIGGER ALL; "
        "INSERT INTO responses (event_id, response_id, record) VALUES ('gone', 'r2', '{}'); "
        "ALTER TABLE responses ENABLE TRIGGER ALL");
  } else {
    db.query("PRAGMA foreign_keys = OFF; INSERT INTO responses (event_id, response_id, record) VALUES ('gone', 'r2', '{}')");
  }
  std::string problems = store->check();
  MESSAGE(problems);
  CHECK(problems.find("response without its event: gone/r2") != std::string::npos);
}

TEST_CASE("a database URL of an unknown kind is refused") {
  CHECK(kind_thrown([] { open_store("mysql://localhost/catalyse"); }) == StoreError::Kind::invalid);
  CHECK(kind_thrown([] { open_store("sqlite:"); }) == StoreError::Kind::invalid);
}

// SQLite only ---------------------------------------------------------------------------------

TEST_CASE("SQLite: the database file and its folder are created on first start, in WAL mode" * doctest::skip(on_postgres)) {
  Database db;
  REQUIRE_FALSE(fs::exists(db.path().parent_path()));
  auto store = open_store(db.url());
  CHECK(fs::exists(db.path()));
  CHECK(db.query("PRAGMA journal_mode")[0][0] == "wal");
}

TEST_CASE("SQLite: a put waits while another program holds the write lock, then succeeds" *
          doctest::skip(on_postgres)) {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(db.path().c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::atomic<bool> done{false};
  Put put = Put::conflict;
  std::thread writer([&] {
    put = store->put_response("ev-1", "r1", record(1));
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK_FALSE(done);  // still waiting for the lock
  CHECK(store->count("ev-1") == 0);  // readers are not blocked
  REQUIRE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  writer.join();
  sqlite3_close(other);
  CHECK(put == Put::stored);
  CHECK(store->count("ev-1") == 1);
}

TEST_CASE("SQLite: a read-only database file is a clear error, not a silent loss" * doctest::skip(on_postgres)) {
  Database db;
  {
    auto store = open_store(db.url());
    REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  }
  for (const fs::path& folder : {sqlite_folder(), db.path().parent_path()}) {
    fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
  }
  fs::permissions(db.path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  auto attempt = [&] {
    return kind_thrown([&] {
      auto store = open_store(db.url());
      store->put_response("ev-1", "r1", record(1));
    });
  };
  if (geteuid() != 0) {
    CHECK(attempt() == StoreError::Kind::read_only);
  } else {
    // Root writes through file permissions: try as an unprivileged user in a child process.
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
      try {
        auto store = open_store(db.url());
        store->put_response("ev-1", "r1", record(1));
        _exit(1);
      } catch (const StoreError& error) {
        if (error.kind() == StoreError::Kind::read_only) _exit(0);
        fprintf(stderr, "unexpected StoreError (%s): %s\n", std::string(to_string(error.kind())).c_str(), error.what());
        _exit(2);
      }
    }
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);  // 1: stored anyway, 2: another error, 3: could not drop root
  }
  fs::permissions(db.path(), fs::perms::owner_read | fs::perms::owner_write);
  CHECK(open_store(db.url())->count("ev-1") == 0);
}

TEST_CASE("SQLite: a damaged file is reported by check, or refused by open_store" * doctest::skip(on_postgres)) {
  Database db;
  {
    auto store = open_store(db.url());
    REQUIRE(store->create_event(sample_event("ev-1", "C1")));
    for (int i = 0; i < 100; ++i) REQUIRE(store->put_response("ev-1", rid(i), record(i, std::string(500, 'x'))) == Put::stored);
    CHECK(store->check().empty());
  }
  // Overwrite the middle of the file (pages of the responses table and its indexes).
  auto size = fs::file_size(db.path());
  REQUIRE(size > 40000);
  {
    FILE* file = std::fopen(db.path().c_str(), "r+b");
    REQUIRE(file);
    std::fseek(file, static_cast<long>(size / 2), SEEK_SET);
    std::string garbage(8192, '\x5a');
    std::fwrite(garbage.data(), 1, garbage.size(), file);
    std::fclose(file);
  }
  std::string problems;
  try {
    problems = open_store(db.url())->check();
  } catch (const StoreError& error) {
    CHECK(error.kind() == StoreError::Kind::corrupt);
    problems = error.what();
  }
  MESSAGE(problems);
  CHECK_FALSE(problems.empty());
}

// Needs root to mount a small file system.
TEST_CASE("SQLite: a full disk is a clear error, and every response reported stored is there" *
          doctest::skip(on_postgres || geteuid() != 0)) {
  fs::path mount_point = sqlite_folder() / "small-disk";
  fs::create_directories(mount_point);
  REQUIRE_MESSAGE(mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=256k") == 0, "mount: " << strerror(errno));
  std::atomic<std::size_t> stored{0};
  std::atomic<int> full{0}, other{0};
  {
    auto store = open_store("sqlite:" + (mount_point / "catalyse.db").string());
    REQUIRE(store->create_event(sample_event("ev-1", "C1")));
    // Several writers at once, so that failures also hit puts sharing a commit.
    std::string padding(4000, 'x');
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        try {
          for (int i = 0; i < 1000; ++i) {
            int n = t * 1000 + i;
            if (store->put_response("ev-1", rid(n), record(n, padding)) == Put::stored) ++stored;
          }
        } catch (const StoreError& error) {
          ++(error.kind() == StoreError::Kind::full ? full : other);
        }
      });
    }
    for (auto& t : writers) t.join();
    CHECK(stored > 0);
    CHECK(store->count("ev-1") == stored);
  }
  CHECK(full == 4);
  CHECK(other == 0);
  umount2(mount_point.c_str(), MNT_DETACH);
}

// PostgreSQL only -----------------------------------------------------------------------------

TEST_CASE("PostgreSQL: a lost connection is replaced and the call succeeds" * doctest::skip(!on_postgres)) {
  Database db;
  auto store = open_store(db.url());
  REQUIRE(store->create_event(sample_event("ev-1", "C1")));
  REQUIRE(store->put_response("ev-1", "r1", record(1)) == Put::stored);
  // Several pooled connections, all idle when the server drops them: while a lock holds the table,
  // eight concurrent counts each wait on a connection of their own.
  {
    pqxx::connection locker(db.url());
    pqxx::work lock(locker);
    lock.exec("LOCK TABLE responses IN ACCESS EXCLUSIVE MODE");
    std::vector<std::thread> pool;
    for (int t = 0; t < 8; ++t) pool.emplace_back([&] { store->count("ev-1"); });
    for (int tries = 0; tries < 500; ++tries) {
      auto waiting = db.query("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
      if (waiting[0][0] == "8") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    lock.commit();
    for (auto& t : pool) t.join();
  }
  // Terminate every other backend of this database, the store's pooled connections among them (at
  // least the eight that waited; the pool may hold one more, opened before they all were busy).
  Rows killed = db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'");
  CHECK(killed.size() >= 8);
  CHECK(store->put_response("ev-1", "r2", record(2)) == Put::stored);
  CHECK(store->put_response("ev-1", "r1", record(1)) == Put::same);
  CHECK(store->count("ev-1") == 2);
}

TEST_CASE("SQLite: nothing to watch (one server process writes the file)" * doctest::skip(on_postgres)) {
  Database db;
  auto store = open_store(db.url());
  CHECK_FALSE(store->watch(Store::Watcher{}));
  store->stop_watching();
}

TEST_CASE("PostgreSQL: what another store commits reaches a watcher in commit order; its own changes do not" *
          doctest::skip(!on_postgres)) {
  Database db;
  auto watched = open_store(db.url());
  auto other = open_store(db.url());
  REQUIRE(watched->create_event(sample_event("ev-1", "C1")));
  REQUIRE(watched->create_event(sample_event("ev-2", "C2")));
  std::mutex mutex;
  std::vector<std::string> seen;  // "r ev-1 <record>" or "e ev-1"
  int missed = 0;
  Store::Watcher watcher;
  watcher.wanted = [](std::string_view event) { return event == "ev-1"; };
  watcher.changed = [&](std::vector<Store::Change>& changes) {
    std::lock_guard lock(mutex);
    for (const auto& c : changes) seen.push_back((c.response ? "r " : "e ") + c.event_id + (c.response ? " " + c.record : ""));
  };
  watcher.missed = [&] {
    std::lock_guard lock(mutex);
    ++missed;
  };
  REQUIRE(watched->watch(watcher));
  CHECK(watched->put_response("ev-1", "r0", record(0)) == Put::stored);  // its own: not delivered
  CHECK(other->put_response("ev-1", "r1", record(1)) == Put::stored);
  CHECK(other->put_response("ev-2", "r2", record(2)) == Put::stored);  // not wanted
  CHECK(other->put_response("ev-1", "r1", record(1)) == Put::same);    // nothing new
  CHECK(other->set_revealed("ev-1", true));
  CHECK(other->put_response("ev-1", "r3", record(3)) == Put::stored);
  const std::vector<std::string> expected{"r ev-1 " + record(1), "e ev-1", "r ev-1 " + record(3)};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex);
      if (seen.size() >= expected.size()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // nothing more arrives
  watched->stop_watching();
  std::lock_guard lock(mutex);
  CHECK(seen == expected);
  CHECK(missed == 0);
}

TEST_CASE("PostgreSQL: a watcher whose connection is lost hears of it, and changes flow again" *
          doctest::skip(!on_postgres)) {
  Database db;
  auto watched = open_store(db.url());
  auto other = open_store(db.url());
  REQUIRE(watched->create_event(sample_event("ev-1", "C1")));
  std::mutex mutex;
  std::vector<std::string> seen;
  int missed = 0;
  Store::Watcher watcher;
  watcher.wanted = [](std::string_view) { return true; };
  watcher.changed = [&](std::vector<Store::Change>& changes) {
    std::lock_guard lock(mutex);
    for (const auto& c : changes) seen.push_back(c.record);
  };
  watcher.missed = [&] {
    std::lock_guard lock(mutex);
    ++missed;
  };
  REQUIRE(watched->watch(watcher));
  auto wait_for = [&](auto done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex);
        if (done()) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  Rows killed = db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND query LIKE 'LISTEN%'");
  CHECK(killed.size() == 1);
  CHECK(wait_for([&] { return missed == 1; }));
  CHECK(other->put_response("ev-1", "r1", record(1)) == Put::stored);
  CHECK(wait_for([&] { return seen.size() == 1; }));
  watched->stop_watching();
  std::lock_guard lock(mutex);
  CHECK(seen == std::vector<std::string>{record(1)});
}

TEST_CASE("PostgreSQL: an unreachable server is `unavailable`" * doctest::skip(!on_postgres)) {
  CHECK(kind_thrown([] { open_store("postgresql://catalyse@127.0.0.1:1/postgres?connect_timeout=2"); }) ==
        StoreError::Kind::unavailable);
}

TEST_CASE("PostgreSQL: a server refusing writes is `read-only`" * doctest::skip(!on_postgres)) {
  Database db;
  open_store(db.url());
  std::string read_only = db.url() + "%20-cdefault_transaction_read_only%3Don";
  CHECK(kind_thrown([&] {
          auto store = open_store(read_only);
          store->create_event(sample_event("ev-1", "C1"));
        }) == StoreError::Kind::read_only);
  CHECK_FALSE(open_store(db.url())->event_by_id("ev-1"));
}
