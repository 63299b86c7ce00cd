// The live rooms behind the projector view (GET /api/v1/events/CODE/live): for each event and
// language, the event's aggregate kept up to date one response at a time. A room is built from the
// database the first time it is asked for, then fed each response this process stores and, on
// PostgreSQL, each response another process stores (Store::watch); the event's state and reveal
// follow the database too (announced by other processes, and read again every second).
#pragma once

#include "store.hpp"

#include <catalyse/aggregate.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace catalyse::server {

class Room {
 public:
  using Clock = std::chrono::steady_clock;

  /// The data of an `event: room` as the room is now (one JSON line:
  /// {"state","count","revealed","minGroup","seq","aggregate"}); `seq` gets its change number.
  std::string message(std::uint64_t& seq);
  /// Waits until the room's change number differs from `seen`, `until` passes or the room ends.
  /// Returns the change number.
  std::uint64_t wait(std::uint64_t seen, Clock::time_point until);
  /// True once the event is erased or the server stops.
  bool ended();

 private:
  friend class Live;
  Room(std::shared_ptr<const Questionnaire> q, std::unique_ptr<aggregation::Accumulator> acc, std::string lang,
       int min_group, const Event& event);
  void add(std::string_view record);  // under mutex_
  void set(const Event& event);
  void end();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::shared_ptr<const Questionnaire> questionnaire_;   // outlives the accumulator
  std::unique_ptr<aggregation::Accumulator> aggregate_;
  const std::string lang_;
  const int min_group_;
  bool building_ = true;                 // read from the database; responses meanwhile wait in pending_
  std::vector<std::string> pending_;
  std::string state_;
  bool revealed_ = false;
  bool ended_ = false;
  std::uint64_t seq_ = 1;                // one more at each change of count, state or reveal
  std::string written_;                  // message() of written_seq_
  std::uint64_t written_seq_ = 0;
};

class Live {
 public:
  explicit Live(Store& store);
  ~Live();
  Live(const Live&) = delete;
  Live& operator=(const Live&) = delete;

  /// The room of `event` in `lang` (a language of the questionnaire), with the aggregate options
  /// `options_json` (api::open_aggregate's; its minGroup is `min_group`): built on first ask
  /// (reads every stored response), the same room afterwards. Null with `errors` set to the core's
  /// answer when the options are refused. Throws StoreError when the database cannot be read.
  std::shared_ptr<Room> room(const Event& event, std::shared_ptr<const Questionnaire> questionnaire,
                             const std::string& lang, int min_group, std::string_view options_json,
                             std::string& errors);
  /// A response this process stored (its record as stored).
  void stored(const std::string& event_id, std::string_view record);
  /// The event's row as it now is (state, reveal) after this process changed it.
  void changed(const Event& event);
  /// The event is gone: its rooms end.
  void erased(const std::string& event_id);
  /// Ends every room (the server stops): their listeners return.
  void stop();

 private:
  void start();             // the watcher and the refresher, with the first room
  void refresh(const std::string& event_id);
  void catch_up();          // after changes may have been missed: every room re-read (duplicates ignored)
  std::vector<std::shared_ptr<Room>> rooms_of(const std::string& event_id);

  Store& store_;
  std::mutex mutex_;        // the map and the threads' state
  std::map<std::string, std::map<std::string, std::shared_ptr<Room>>, std::less<>> rooms_;  // event id → lang → room
  bool started_ = false, stopping_ = false;
  std::condition_variable stop_signal_;
  std::thread refresher_;
};

}  // namespace catalyse::server
