#include "live.hpp"

#include <catalyse/api.hpp>

#include <nlohmann/json.hpp>

namespace catalyse::server {
namespace {

/// The "aggregate" member of the core's {"aggregate":{…},"ok":true} (the members in either
/// order), "null" if it has none.
std::string aggregate_member(const std::string& snapshot) {
  constexpr std::string_view first = R"({"aggregate":)", last = R"(,"ok":true})";
  if (snapshot.starts_with(first) && snapshot.ends_with(last))
    return snapshot.substr(first.size(), snapshot.size() - first.size() - last.size());
  constexpr std::string_view ok_first = R"({"ok":true,"aggregate":)";
  if (snapshot.starts_with(ok_first) && snapshot.ends_with("}"))
    return snapshot.substr(ok_first.size(), snapshot.size() - ok_first.size() - 1);
  auto parsed = nlohmann::json::parse(snapshot, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("aggregate")) return "null";
  return parsed["aggregate"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Room::Room(std::shared_ptr<const Questionnaire> q, std::unique_ptr<aggregation::Accumulator> acc, std::string lang,
           int min_group, const Event& event)
    : questionnaire_(std::move(q)), aggregate_(std::move(acc)), lang_(std::move(lang)), min_group_(min_group),
      state_(event.state), revealed_(event.revealed) {}

std::string Room::message(std::uint64_t& seq) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !building_ || ended_; });
  if (written_seq_ != seq_) {
    const std::size_t count = aggregate_->size();
    std::string aggregate = "null";
    // Nothing of the room before the organiser reveals it, nor under the minimum group size (the
    // core hides smaller breakdown groups itself, and never aggregates free text).
    if (revealed_ && count >= static_cast<std::size_t>(min_group_)) {
      aggregate = aggregate_member(aggregate_->snapshot());
    }
    written_ = R"({"state":")" + state_ + R"(","count":)" + std::to_string(count) +
               R"(,"revealed":)" + (revealed_ ? "true" : "false") + R"(,"minGroup":)" + std::to_string(min_group_) +
               R"(,"seq":)" + std::to_string(seq_) + R"(,"aggregate":)" + aggregate + "}";
    written_seq_ = seq_;
  }
  seq = written_seq_;
  return written_;
}

std::uint64_t Room::wait(std::uint64_t seen, Clock::time_point until) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, until, [&] { return ended_ || (!building_ && seq_ != seen); });
  return seq_;
}

bool Room::ended() {
  std::lock_guard lock(mutex_);
  return ended_;
}

void Room::add(std::string_view record) {
  std::lock_guard lock(mutex_);
  if (ended_) return;
  if (building_) {
    pending_.emplace_back(record);
    return;
  }
  // A response seen twice (stored here and announced, or read again after a lost connection)
  // is the same id with the same content: the accumulator counts it once.
  if (aggregate_->add(record) == aggregation::Outcome::accepted) {
    ++seq_;
    changed_.notify_all();
  }
}

void Room::set(const Event& event) {
  std::lock_guard lock(mutex_);
  if (state_ == event.state && revealed_ == event.revealed) return;
  state_ = event.state;
  revealed_ = event.revealed;
  ++seq_;
  changed_.notify_all();
}

void Room::end() {
  std::lock_guard lock(mutex_);
  ended_ = true;
  changed_.notify_all();
}

Live::Live(Store& store) : store_(store) {}

Live::~Live() { stop(); }

std::shared_ptr<Room> Live::room(const Event& event, std::shared_ptr<const Questionnaire> questionnaire,
                                 const std::string& lang, int min_group, std::string_view options_json,
                                 std::string& errors) {
  auto existing = [&]() -> std::shared_ptr<Room> {
    auto by_event = rooms_.find(event.id);
    if (by_event == rooms_.end()) return nullptr;
    auto it = by_event->second.find(lang);
    return it == by_event->second.end() ? nullptr : it->second;
  };
  {
    std::lock_guard lock(mutex_);
    if (auto found = existing()) return found;
  }
  std::unique_ptr<aggregation::Accumulator> accumulator;
  std::string answer = api::open_aggregate(*questionnaire, options_json, accumulator);
  if (!accumulator) {
    errors = answer;
    return nullptr;
  }
  // Listening first: a response committed after the rows below were read is announced to a room
  // that already exists.
  start();
  std::shared_ptr<Room> room;
  {
    std::lock_guard lock(mutex_);
    if (auto found = existing()) return found;
    room.reset(new Room(questionnaire, std::move(accumulator), lang, min_group, event));
    if (!stopping_) rooms_[event.id][lang] = room;
  }
  try {
    // While building_, nobody else touches the accumulator: responses arriving go to pending_.
    store_.for_each_response(event.id, [&](std::string_view record) { room->aggregate_->add(record); });
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      auto by_event = rooms_.find(event.id);
      if (by_event != rooms_.end() && by_event->second[lang] == room) by_event->second.erase(lang);
      if (by_event != rooms_.end() && by_event->second.empty()) rooms_.erase(by_event);
    }
    room->end();
    throw;
  }
  std::lock_guard lock(room->mutex_);
  for (const auto& record : room->pending_) room->aggregate_->add(record);
  room->pending_.clear();
  room->pending_.shrink_to_fit();
  room->building_ = false;
  ++room->seq_;
  room->changed_.notify_all();
  return room;
}

std::vector<std::shared_ptr<Room>> Live::rooms_of(const std::string& event_id) {
  std::vector<std::shared_ptr<Room>> out;
  std::lock_guard lock(mutex_);
  auto by_event = rooms_.find(event_id);
  if (by_event != rooms_.end())
    for (const auto& [lang, room] : by_event->second) out.push_back(room);
  return out;
}

void Live::stored(const std::string& event_id, std::string_view record) {
  for (const auto& room : rooms_of(event_id)) room->add(record);
}

void Live::changed(const Event& event) {
  for (const auto& room : rooms_of(event.id)) room->set(event);
}

void Live::erased(const std::string& event_id) {
  std::vector<std::shared_ptr<Room>> gone;
  {
    std::lock_guard lock(mutex_);
    auto by_event = rooms_.find(event_id);
    if (by_event == rooms_.end()) return;
    for (const auto& [lang, room] : by_event->second) gone.push_back(room);
    rooms_.erase(by_event);
  }
  for (const auto& room : gone) room->end();
}

void Live::refresh(const std::string& event_id) {
  auto event = store_.event_by_id(event_id);
  if (!event) {
    erased(event_id);
    return;
  }
  changed(*event);
}

void Live::catch_up() {
  std::vector<std::string> events;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, rooms] : rooms_) events.push_back(id);
  }
  for (const auto& id : events) {
    refresh(id);
    auto rooms = rooms_of(id);
    if (rooms.empty()) continue;
    store_.for_each_response(id, [&](std::string_view record) {
      for (const auto& room : rooms) room->add(record);
    });
  }
}

void Live::start() {
  std::lock_guard lock(mutex_);
  if (started_ || stopping_) return;
  started_ = true;
  Store::Watcher watcher;
  watcher.wanted = [this](std::string_view event_id) {
    std::lock_guard lock(mutex_);
    return rooms_.find(event_id) != rooms_.end();
  };
  watcher.changed = [this](std::vector<Store::Change>& changes) {
    for (auto& change : changes) {
      if (change.response) stored(change.event_id, change.record);
      else refresh(change.event_id);
    }
  };
  watcher.missed = [this] { catch_up(); };
  store_.watch(std::move(watcher));
  // The event's row is read again every second: a change made where nothing announces it (the
  // command line closing an event on SQLite, a PostgreSQL announcement lost) reaches the rooms.
  refresher_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      stop_signal_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
      if (stopping_) break;
      std::vector<std::string> events;
      for (const auto& [id, rooms] : rooms_) events.push_back(id);
      lock.unlock();
      for (const auto& id : events) {
        try {
          refresh(id);
        } catch (const StoreError&) {
          // the database is away for now: the next round tries again
        }
      }
      lock.lock();
    }
  });
}

void Live::stop() {
  std::vector<std::shared_ptr<Room>> all;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    for (const auto& [id, rooms] : rooms_)
      for (const auto& [lang, room] : rooms) all.push_back(room);
  }
  stop_signal_.notify_all();
  if (refresher_.joinable()) refresher_.join();
  store_.stop_watching();
  for (const auto& room : all) room->end();
}

}  // namespace catalyse::server
