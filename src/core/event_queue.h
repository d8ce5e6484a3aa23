// The event queue and the engine loop.
//
// One total order of events, defined here and nowhere else: by time, then by priority class
// (lower first), then by insertion sequence (first in, first out). Two runs of the same
// scenario therefore process equal-time events in the same order.
//
// An event may be pushed into a slot (a small integer the caller chooses, e.g. one per
// replica): a slot holds at most one pending event, and pushing into a slot that holds one
// replaces it. The replacement takes a fresh sequence number like any push, so the order is
// exactly that of pushing the new event and dropping the old one when it comes out; the
// replaced event is never handled and costs nothing afterwards.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/sim_time.h"

namespace aidcsim {

struct EventKey {
  SimTime time;
  uint32_t priority = 0;  // priority class: lower runs first at equal time
  uint64_t sequence = 0;  // insertion order, assigned by the queue
  constexpr auto operator<=>(const EventKey&) const = default;  // lexicographic: the order
};

struct EngineStats {
  uint64_t events = 0;
  SimTime end_time;
};

template <class Payload>
class EventQueue {
 public:
  static constexpr uint32_t kMaxPriority = 255;

  struct Entry {
    EventKey key;
    Payload payload;
  };

  // `priority` <= kMaxPriority.
  void push(SimTime time, uint32_t priority, Payload payload) {
    add(Node{pack(time, priority), kNoSlot, std::move(payload)});
  }
  // Pushes into `slot` (< UINT32_MAX), replacing the event pending there, if any.
  void push_to_slot(uint32_t slot, SimTime time, uint32_t priority, Payload payload) {
    assert(slot < UINT32_MAX);
    ++slot;  // 0 is kNoSlot
    if (slot >= slot_index_.size()) slot_index_.resize(size_t{slot} + 1, kNotQueued);
    const uint32_t at = slot_index_[slot];
    if (at == kNotQueued) {
      add(Node{pack(time, priority), slot, std::move(payload)});
      return;
    }
    const PackedKey old_key = heap_[at].key;
    note_superseded(SimTime::from_ns(time_of(old_key)));
    Node node{pack(time, priority), slot, std::move(payload)};
    if (node.key < old_key) {
      sift_up(at, std::move(node));
    } else {
      sift_down(at, std::move(node));
    }
  }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  EventKey top_key() const {
    assert(!heap_.empty());
    return unpack(heap_.front().key);
  }
  Entry pop() {
    assert(!heap_.empty());
    Node& top = heap_.front();
    slot_index_[top.slot] = kNotQueued;
    Entry e{unpack(top.key), std::move(top.payload)};
    Node last = std::move(heap_.back());
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, std::move(last));
    return e;
  }
  uint64_t pushed() const { return next_sequence_; }

 private:
  template <class P, class Handler>
  friend EngineStats run_events(EventQueue<P>& queue, SimTime until, Handler&& handler);

  // The latest time among replaced events that were due at or before `until`, and forgets
  // them (nothing when there is none). The engine loop counts them toward the time a run
  // reaches, as if they had come out and been ignored, so replacing an event instead of
  // leaving a stale copy in the queue never changes that time.
  std::optional<SimTime> take_superseded(SimTime until) {
    std::optional<SimTime> latest;
    std::erase_if(superseded_, [&](SimTime t) {
      if (t > until) return false;
      latest = std::max(latest.value_or(t), t);
      return true;
    });
    return latest;
  }

  // Slots are stored plus one: index 0 of slot_index_ is written for events without a slot
  // and never read, so moving a node needs no test.
  static constexpr uint32_t kNoSlot = 0;
  static constexpr uint32_t kNotQueued = UINT32_MAX;
  static constexpr int kSequenceBits = 56;
  static constexpr int kArity = 4;  // shallower than a binary heap: fewer moves per pop
  static constexpr SimTime kNothingReached = SimTime::from_ns(INT64_MIN);

  // The order as one unsigned 128-bit number: the time (sign bit flipped, so that unsigned
  // order is signed order) above the priority, above the sequence. Comparing two of them is
  // comparing EventKeys, without branches.
  __extension__ using PackedKey = unsigned __int128;
  static constexpr uint64_t kSignBit = uint64_t{1} << 63;
  struct Node {
    PackedKey key;
    uint32_t slot;  // kNoSlot, or the slot pushed into plus one
    Payload payload;
  };

  PackedKey pack(SimTime time, uint32_t priority) {
    assert(priority <= kMaxPriority);
    assert(next_sequence_ < (uint64_t{1} << kSequenceBits));
    const uint64_t order = (uint64_t{priority} << kSequenceBits) | next_sequence_++;
    return (PackedKey{static_cast<uint64_t>(time.ns()) ^ kSignBit} << 64) | order;
  }
  static int64_t time_of(PackedKey k) {
    return static_cast<int64_t>(static_cast<uint64_t>(k >> 64) ^ kSignBit);
  }
  static EventKey unpack(PackedKey k) {
    const auto order = static_cast<uint64_t>(k);
    return EventKey{SimTime::from_ns(time_of(k)), static_cast<uint32_t>(order >> kSequenceBits),
                    order & ((uint64_t{1} << kSequenceBits) - 1)};
  }
  // Moves `node` to heap_[i] and keeps its slot's index current.
  void place(size_t i, Node&& node) {
    slot_index_[node.slot] = static_cast<uint32_t>(i);
    heap_[i] = std::move(node);
  }
  void add(Node&& node) {
    heap_.emplace_back();
    sift_up(heap_.size() - 1, std::move(node));
  }
  // Fills the hole at heap_[i] with `node`, moving it towards the root as far as it goes.
  void sift_up(size_t i, Node&& node) {
    while (i > 0) {
      const size_t parent = (i - 1) / kArity;
      if (!(node.key < heap_[parent].key)) break;
      place(i, std::move(heap_[parent]));
      i = parent;
    }
    place(i, std::move(node));
  }
  // Fills the hole at heap_[i] with `node`, moving it towards the leaves as far as it goes.
  void sift_down(size_t i, Node&& node) {
    const size_t n = heap_.size();
    for (;;) {
      const size_t first = i * kArity + 1;
      if (first >= n) break;
      size_t best = first;
      PackedKey best_key = heap_[first].key;
      const size_t last = std::min(first + kArity, n);
      for (size_t c = first + 1; c < last; ++c) {
        const bool earlier = heap_[c].key < best_key;  // selects without a branch
        best = earlier ? c : best;
        best_key = earlier ? heap_[c].key : best_key;
      }
      if (!(best_key < node.key)) break;
      place(i, std::move(heap_[best]));
      i = best;
    }
    place(i, std::move(node));
  }

  // Replaced times at or before the time the engine loop under way has reached cannot raise
  // it; they are dropped now and then, so this holds about as many times as there are
  // replaced events still ahead of the loop.
  void note_superseded(SimTime t) {
    if (t <= reached_) return;
    if (superseded_.size() >= superseded_limit_) {
      std::erase_if(superseded_, [&](SimTime s) { return s <= reached_; });
      superseded_limit_ = std::max<size_t>(64, 2 * superseded_.size());
    }
    superseded_.push_back(t);
  }

  std::vector<Node> heap_;                           // a kArity-ary min-heap on key
  std::vector<uint32_t> slot_index_ = {kNotQueued};  // slot -> index in heap_, or kNotQueued
  std::vector<SimTime> superseded_;  // times of replaced events (see note_superseded)
  size_t superseded_limit_ = 64;
  SimTime reached_ = kNothingReached;  // by the engine loop under way
  uint64_t next_sequence_ = 0;
};

// The engine loop: pops events in order until the queue is empty or the next event is after
// `until`, calling handler(time, payload). The handler may push new events (never in the
// past: the loop throws std::logic_error if time would go backwards). Returns the number of
// events handled and the time reached: that of the last event handled, or of a replaced
// event due at or before `until` if later (EventQueue::take_superseded).
template <class Payload, class Handler>
EngineStats run_events(EventQueue<Payload>& queue, SimTime until, Handler&& handler) {
  EngineStats stats;
  SimTime now = SimTime::zero();
  while (!queue.empty() && queue.top_key().time <= until) {
    auto entry = queue.pop();
    if (entry.key.time < now) throw std::logic_error("simulated time went backwards");
    now = entry.key.time;
    queue.reached_ = now;
    handler(now, entry.payload);
    ++stats.events;
  }
  queue.reached_ = EventQueue<Payload>::kNothingReached;
  stats.end_time = std::max(now, queue.take_superseded(until).value_or(now));
  return stats;
}

}  // namespace aidcsim
