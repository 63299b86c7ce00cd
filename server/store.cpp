// The parts of the store that do not depend on the backend: URL dispatch, error names, the
// event lists' encoding and the consistency queries of check().
#include "store.hpp"

#include <nlohmann/json.hpp>

#include "store_backends.hpp"

namespace catalyse::server {

std::string_view to_string(StoreError::Kind kind) noexcept {
  switch (kind) {
    case StoreError::Kind::unavailable: return "unavailable";
    case StoreError::Kind::read_only: return "read-only";
    case StoreError::Kind::full: return "full";
    case StoreError::Kind::schema_too_new: return "schema-too-new";
    case StoreError::Kind::corrupt: return "corrupt";
    case StoreError::Kind::invalid: return "invalid";
    case StoreError::Kind::other: return "other";
  }
  return "other";
}

int latest_schema_version() noexcept { return static_cast<int>(detail::migrations().size()); }

namespace {

enum class Backend { sqlite, postgres };

struct Target {
  Backend backend;
  std::string location;  // a file path for SQLite, the whole URL for PostgreSQL
};

Target parse_url(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.empty()) throw StoreError(StoreError::Kind::invalid, "database URL \"sqlite:\" names no file");
    return {Backend::sqlite, std::string(path)};
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return {Backend::postgres, std::string(url)};
  }
  throw StoreError(StoreError::Kind::invalid,
                   "database URL must start with sqlite: or postgresql:// (got \"" + std::string(url) + "\")");
}

}  // namespace

std::unique_ptr<Store> open_store(std::string_view url) {
  Target target = parse_url(url);
  return target.backend == Backend::sqlite ? detail::open_sqlite(target.location)
                                           : detail::open_postgres(target.location);
}

int migrate(std::string_view url, int target_version) {
  if (target_version < 0 || target_version > latest_schema_version()) {
    throw StoreError(StoreError::Kind::invalid, "no schema version " + std::to_string(target_version) +
                                                    " (this program knows 0 to " +
                                                    std::to_string(latest_schema_version()) + ")");
  }
  Target target = parse_url(url);
  return target.backend == Backend::sqlite ? detail::migrate_sqlite(target.location, target_version)
                                           : detail::migrate_postgres(target.location, target_version);
}

namespace detail {

std::string to_json_list(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::vector<std::string> from_json_list(std::string_view json) {
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> items;
  if (!parsed.is_array()) throw StoreError(StoreError::Kind::corrupt, "an event's list is not a JSON array");
  for (const auto& item : parsed) {
    if (!item.is_string()) throw StoreError(StoreError::Kind::corrupt, "an event's list holds a non-string");
    items.push_back(item.get<std::string>());
  }
  return items;
}

void require_state(std::string_view state) {
  if (state != "open" && state != "closed") {
    throw StoreError(StoreError::Kind::invalid,
                     "event state must be \"open\" or \"closed\" (got \"" + std::string(state) + "\")");
  }
}

const std::vector<CheckQuery>& check_queries() {
  static const std::vector<CheckQuery> queries = {
      {"response without its event",
       "SELECT r.event_id || '/' || r.response_id FROM responses r "
       "LEFT JOIN events e ON e.id = r.event_id WHERE e.id IS NULL"},
      {"response stored twice",
       "SELECT event_id || '/' || response_id FROM responses "
       "GROUP BY event_id, response_id HAVING COUNT(*) > 1"},
      {"join code used twice", "SELECT code FROM events GROUP BY code HAVING COUNT(*) > 1"},
      {"event with an unknown state", "SELECT id FROM events WHERE state NOT IN ('open', 'closed')"},
  };
  return queries;
}

}  // namespace detail
}  // namespace catalyse::server
