// A bounded pool of database connections shared by threads (both backends use it): a caller
// leases one for the length of a call; at most `max` are open, callers beyond wait for one back.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace catalyse::server::detail {

template <class Connection>
class Pool {
 public:
  using Open = std::function<std::unique_ptr<Connection>()>;
  using Reusable = std::function<bool(Connection&)>;

  Pool(std::size_t max, Open open, Reusable reusable = {})
      : max_(max), open_connection_(std::move(open)), reusable_(std::move(reusable)) {}

  // Back to the pool when it ends, unless discarded or no longer reusable.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(c_)); }
    Connection& operator*() { return *c_; }
    void discard() { c_.reset(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> c_;
  };

  // An idle connection, or a new one (opening may throw; the slot is then freed).
  Lease acquire() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(*this, open_connection_());
    } catch (...) {
      give_back(nullptr);
      throw;
    }
  }

  // Closes every idle connection (after one was found broken, the others most likely are too).
  void drop_idle() {
    std::vector<std::unique_ptr<Connection>> dropped;
    {
      std::lock_guard lock(mutex_);
      dropped.swap(idle_);
      open_ -= dropped.size();
    }
    returned_.notify_all();
  }

 private:
  void give_back(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(mutex_);
      if (c && (!reusable_ || reusable_(*c))) {
        idle_.push_back(std::move(c));
      } else {
        --open_;
      }
    }
    returned_.notify_one();
  }

  const std::size_t max_;
  Open open_connection_;
  Reusable reusable_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace catalyse::server::detail
