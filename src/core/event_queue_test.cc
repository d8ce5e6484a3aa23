// Checks the one total order of events: (time, priority class, insertion sequence), slots
// (a replacement behaves as a fresh push, the replaced event as a stale copy ignored), and
// that the engine loop stops at the horizon and refuses to go back in time.
#include "core/event_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/rng.h"

namespace aidcsim {
namespace {

TEST(EventQueue, OrdersByTimeThenPriorityThenInsertion) {
  EventQueue<std::string> q;
  q.push(SimTime::from_ns(20), 0, "t20");
  q.push(SimTime::from_ns(10), 1, "t10-p1-first");
  q.push(SimTime::from_ns(10), 0, "t10-p0");
  q.push(SimTime::from_ns(10), 1, "t10-p1-second");
  std::vector<std::string> order;
  while (!q.empty()) order.push_back(q.pop().payload);
  EXPECT_EQ(order, (std::vector<std::string>{"t10-p0", "t10-p1-first", "t10-p1-second", "t20"}));
}

// Many equal-time events pushed in a scrambled pattern come out in insertion order within
// each (time, priority) class, and identically on every run (no dependence on heap layout).
TEST(EventQueue, EqualTimeEventsComeOutInTheSameOrderEveryRun) {
  auto run_once = [] {
    EventQueue<int> q;
    RngStream rng(7);
    for (int i = 0; i < 5000; ++i) {
      q.push(SimTime::from_ns(static_cast<int64_t>(rng.below(5))),
             static_cast<uint32_t>(rng.below(3)), i);
    }
    std::vector<int> out;
    EventKey previous{SimTime::from_ns(-1), 0, 0};
    while (!q.empty()) {
      const EventKey key = q.top_key();
      EXPECT_LT(previous, key);
      previous = key;
      out.push_back(q.pop().payload);
    }
    return out;
  };
  const std::vector<int> first = run_once();
  EXPECT_EQ(first.size(), 5000u);
  EXPECT_EQ(first, run_once());
}

// Pushing into a slot replaces its pending event; the new one takes a fresh sequence number.
TEST(EventQueue, ASlotHoldsOneEventAndAReplacementIsOrderedAsAFreshPush) {
  EventQueue<std::string> q;
  q.push_to_slot(0, SimTime::from_ns(10), 0, "slot0-first");
  q.push(SimTime::from_ns(10), 0, "plain");
  q.push_to_slot(1, SimTime::from_ns(5), 0, "slot1");
  q.push_to_slot(0, SimTime::from_ns(10), 0, "slot0-second");  // after "plain" at t10
  q.push_to_slot(1, SimTime::from_ns(30), 0, "slot1-later");   // moves towards the back
  EXPECT_EQ(q.size(), 3u);
  std::vector<std::string> order;
  while (!q.empty()) order.push_back(q.pop().payload);
  EXPECT_EQ(order, (std::vector<std::string>{"plain", "slot0-second", "slot1-later"}));
  // A slot whose event came out is free again.
  q.push_to_slot(0, SimTime::from_ns(40), 0, "again");
  q.push_to_slot(0, SimTime::from_ns(35), 0, "again-earlier");
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.pop().payload, "again-earlier");
}

// The queue against the stale-copy scheme it replaces (every push kept, a generation per slot,
// stale copies ignored when they come out): the same events are handled in the same order,
// and the run reaches the same time, stale copies included up to the horizon.
TEST(Engine, SlotsHandleWhatStaleCopiesWouldAndReachTheSameTime) {
  struct Tagged {
    int id;
    int slot;  // -1: no slot
    uint64_t generation;
  };
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const SimTime until = SimTime::from_ns(5000);
    std::vector<int> by_slots, by_stale;
    EngineStats slots_stats, stale_stats;
    for (bool stale : {false, true}) {
      RngStream rng(seed);
      EventQueue<Tagged> q;
      std::vector<uint64_t> generation(8, 0);
      std::vector<int>& handled = stale ? by_stale : by_slots;
      int next_id = 0;
      // Handlers draw the same random numbers in both schemes: only live events get here.
      const auto push_some = [&](SimTime now) {
        const int pushes = static_cast<int>(rng.below(3));
        for (int k = 0; k < pushes && next_id < 3000; ++k) {
          const SimTime t = now + SimTime::from_ns(static_cast<int64_t>(rng.below(200)));
          const auto priority = static_cast<uint32_t>(rng.below(3));
          const int slot = rng.below(2) == 0 ? -1 : static_cast<int>(rng.below(8));
          const int id = next_id++;
          if (slot < 0) {
            q.push(t, priority, Tagged{id, -1, 0});
          } else if (stale) {
            const uint64_t g = ++generation[static_cast<size_t>(slot)];
            q.push(t, priority, Tagged{id, slot, g});
          } else {
            q.push_to_slot(static_cast<uint32_t>(slot), t, priority, Tagged{id, slot, 0});
          }
        }
      };
      push_some(SimTime::zero());
      push_some(SimTime::zero());
      const EngineStats stats = run_events(q, until, [&](SimTime now, Tagged& e) {
        if (stale && e.slot >= 0 && e.generation != generation[static_cast<size_t>(e.slot)]) {
          return;
        }
        handled.push_back(e.id);
        push_some(now);
      });
      (stale ? stale_stats : slots_stats) = stats;
    }
    ASSERT_EQ(by_slots, by_stale) << "seed " << seed;
    EXPECT_EQ(slots_stats.end_time, stale_stats.end_time) << "seed " << seed;
    EXPECT_LE(slots_stats.events, stale_stats.events);
  }
}

TEST(Engine, AReplacedEventCountsTowardTheTimeReachedUpToTheHorizon) {
  for (const auto& [until_s, reached_s] : {std::pair{10, 9}, std::pair{5, 3}}) {
    EventQueue<int> q;
    q.push_to_slot(0, SimTime::from_s(9), 0, 0);
    q.push_to_slot(0, SimTime::from_s(3), 0, 1);  // replaces the one at 9 s
    std::vector<int> handled;
    const EngineStats stats =
        run_events(q, SimTime::from_s(until_s), [&](SimTime, int& n) { handled.push_back(n); });
    EXPECT_EQ(handled, std::vector<int>{1});
    EXPECT_EQ(stats.events, 1u);
    EXPECT_EQ(stats.end_time, SimTime::from_s(reached_s));
  }
}

TEST(Engine, StopsAtTheHorizonAndHandlesEventsPushedByHandlers) {
  EventQueue<int> q;
  q.push(SimTime::from_s(1), 0, 0);
  std::vector<int64_t> times;
  EngineStats stats = run_events(q, SimTime::from_s(5), [&](SimTime now, int& n) {
    times.push_back(now.ns());
    q.push(now + SimTime::from_s(1), 0, n + 1);  // a chain: one event per second
  });
  // Events at 1, 2, 3, 4, 5 s are handled; the one at 6 s stays queued.
  EXPECT_EQ(stats.events, 5u);
  EXPECT_EQ(stats.end_time, SimTime::from_s(5));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(times.back(), SimTime::from_s(5).ns());
}

TEST(Engine, RefusesAnEventInThePast) {
  EventQueue<int> q;
  q.push(SimTime::from_s(2), 0, 0);
  EXPECT_THROW(run_events(q, SimTime::max(),
                          [&](SimTime now, int& n) {
                            if (n == 0) q.push(now - SimTime::from_s(1), 0, 1);
                          }),
               std::logic_error);
}

}  // namespace
}  // namespace aidcsim
