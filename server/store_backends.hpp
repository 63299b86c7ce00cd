// What store.cpp shares with the two backends (store_sqlite.cpp, store_postgres.cpp); not part of
// the interface the server uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store.hpp"

namespace catalyse::server::detail {

struct Migration {
  int version;
  const char* name;
  const char* sqlite;
  const char* postgres;
};
// Numbered 1..n in order (generated from server/migrations at build time).
const std::vector<Migration>& migrations();

// Responses handed to for_each_response's callback per page (read under a lock, visited without).
inline constexpr int page_size = 256;

// Events keep their language and origin lists as JSON arrays of strings.
std::string to_json_list(const std::vector<std::string>& items);
std::vector<std::string> from_json_list(std::string_view json);
// Throws StoreError invalid unless state is "open" or "closed".
void require_state(std::string_view state);

// Queries check() runs on both backends: each returns one row per problem, one text column.
struct CheckQuery {
  const char* what;
  const char* sql;
};
const std::vector<CheckQuery>& check_queries();

std::unique_ptr<Store> open_sqlite(const std::string& path);
int migrate_sqlite(const std::string& path, int target);
std::unique_ptr<Store> open_postgres(const std::string& url);
int migrate_postgres(const std::string& url, int target);

}  // namespace catalyse::server::detail
