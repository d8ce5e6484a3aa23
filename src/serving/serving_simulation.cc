#include "serving/serving_simulation.h"

#include <algorithm>
#include <cassert>
#include <deque>
#include <functional>
#include <optional>
#include <span>

#include "core/event_queue.h"
#include "serving/policies.h"
#include "workload/synthetic.h"

namespace aidcsim {
namespace {

// Priority classes at equal times: a finishing step, then a sent KV transfer, free room
// before a new arrival is routed; an idle replica forms its batch only after every arrival of
// that instant, new requests and KV transfers alike (so requests arriving together are
// batched together); samples see the state after all.
enum Priority : uint32_t {
  kStepDone = 0,
  kKvSent = 1,
  kArrival = 2,
  kKvArrival = 3,
  kStepStart = 4,
  kSample = 5
};

struct Event {
  Priority kind;
  uint32_t service;
  // kKvArrival: the slot of the transfer (which names the replica); kKvSent: the sending
  // (prefill) replica; otherwise the replica concerned.
  uint32_t replica;
};

// Collects one service's metrics from the replicas of all its pools.
class ServiceMetrics {
 public:
  ServiceMetrics(ServiceResult& result, IntervalSample& interval, const ServiceSetup& setup,
                 const ServingOptions& options)
      : result_(result), interval_(interval), setup_(setup), options_(options) {}
  ServiceResult& result() { return result_; }
  IntervalSample& interval() { return interval_; }
  // Called at each completion (closed-loop workloads: the client sends its next request).
  void set_on_done(std::function<void(SimTime)> on_done) { on_done_ = std::move(on_done); }
  void on_steps(int64_t batch_size, int64_t steps, SimTime duration) {
    result_.batch_size.add(static_cast<double>(batch_size), static_cast<uint64_t>(steps));
    result_.steps += static_cast<uint64_t>(steps);
    result_.busy_replica_ns += duration.ns();
  }
  void on_output_tokens(int64_t tokens) {
    result_.output_tokens += static_cast<uint64_t>(tokens);
    interval_.output_tokens += static_cast<uint64_t>(tokens);
  }
  void on_complete(const Sequence& s, SimTime now) {
    if (options_.on_request) options_.on_request(interval_.service, s, now);
    ++result_.completed;
    ++interval_.completed;
    result_.last_completion = now;
    result_.input_tokens += static_cast<uint64_t>(s.request.prompt_tokens);
    const double ttft = (s.first_token - s.request.arrival).seconds();
    result_.ttft_s.add(ttft);
    result_.e2e_s.add((now - s.request.arrival).seconds());
    result_.queueing_s.add((s.first_admitted - s.request.arrival).seconds());
    if (s.handed_over) result_.kv_handoff_s.add((s.kv_arrived - s.first_token).seconds());
    double tpot = 0.0;
    if (s.request.output_tokens > 1) {
      tpot = (now - s.first_token).seconds() / static_cast<double>(s.request.output_tokens - 1);
      result_.tpot_s.add(tpot);
    }
    const bool ttft_ok = setup_.ttft_slo == SimTime::zero() || ttft <= setup_.ttft_slo.seconds();
    const bool tpot_ok = setup_.tpot_slo == SimTime::zero() || tpot <= setup_.tpot_slo.seconds();
    if (ttft_ok && tpot_ok) ++result_.met_slo;
    if (on_done_) on_done_(now);
  }

 private:
  std::function<void(SimTime)> on_done_;
  ServiceResult& result_;
  IntervalSample& interval_;
  const ServiceSetup& setup_;
  const ServingOptions& options_;
};

// Observes the replicas of one pool: charges their busy time at the pool's GPU power and
// passes everything else to the service's metrics. Prefill pools hand prefilled requests on
// through `handoff`.
class PoolObserver final : public ReplicaObserver {
 public:
  // Receives a prefilled request leaving a prefill replica.
  using Handoff = std::function<void(Sequence&&, SimTime)>;
  // Receives a decode replica's pull of a transferred request's KV.
  using Pull = std::function<void(const Sequence&, int64_t pull_id, SimTime)>;
  PoolObserver(ServiceMetrics& service, const PoolSetup& pool, size_t index, Handoff handoff,
               Pull pull)
      : service_(service),
        pool_(pool),
        index_(index),
        handoff_(std::move(handoff)),
        pull_(std::move(pull)) {}
  void on_steps(int64_t batch_size, int64_t steps, SimTime duration) override {
    service_.on_steps(batch_size, steps, duration);
    busy_ns_ += duration.ns();
  }
  void on_busy(SimTime duration, int64_t batch_size, bool prefill) override {
    IntervalSample& iv = service_.interval();
    iv.busy_replica_ns += duration.ns();
    iv.batch_busy_ns += static_cast<double>(batch_size) * static_cast<double>(duration.ns());
    const double energy_j = duration.seconds() * gpus_per_engine() *
                            pool_.step_model->busy_power_w(batch_size, prefill);
    iv.gpu_energy_j += energy_j;
    iv.pool_gpu_energy_j[index_] += energy_j;
    interval_busy_ns_ += duration.ns();
    busy_energy_j_ += energy_j;
    reported_busy_ns_ += duration.ns();
    if (prefill) service_.result().prefill_busy_ns += duration.ns();
  }
  void on_output_tokens(int64_t tokens) override {
    service_.on_output_tokens(tokens);
    output_tokens_ += static_cast<uint64_t>(tokens);
  }
  void on_preemption() override { ++service_.result().preemptions; }
  void on_prefix_lookup(int64_t queried, int64_t hit) override {
    service_.result().prefix_query_tokens += static_cast<uint64_t>(queried);
    service_.result().prefix_hit_tokens += static_cast<uint64_t>(hit);
  }
  void on_complete(const Sequence& s, SimTime now) override {
    service_.on_complete(s, now);
    ++completed_;
  }
  void on_prefilled(Sequence&& s, SimTime now) override { handoff_(std::move(s), now); }
  void on_pull(const Sequence& s, int64_t pull_id, SimTime now) override { pull_(s, pull_id, now); }

  // GPUs whose draw one engine's steps account for.
  double gpus_per_engine() const {
    return static_cast<double>(pool_.gpus_per_replica) /
           static_cast<double>(pool_.engines_per_replica);
  }
  int64_t engines() const { return pool_.replicas * pool_.engines_per_replica; }
  // Idle draw of the pool's GPUs over `span` of every engine, minus `busy_ns` of busy time.
  double idle_energy_j(SimTime span, int64_t busy_ns) const {
    const double engine_ns = static_cast<double>(engines()) * static_cast<double>(span.ns());
    return std::max(0.0, engine_ns - static_cast<double>(busy_ns)) * 1e-9 * gpus_per_engine() *
           pool_.step_model->idle_power_w();
  }
  // Closes an interval of length `span`: adds the idle draw to it and starts the next.
  void close_interval(SimTime span) {
    const double idle = idle_energy_j(span, interval_busy_ns_);
    service_.interval().gpu_energy_j += idle;
    service_.interval().pool_gpu_energy_j[index_] += idle;
    interval_busy_ns_ = 0;
  }
  // The pool's figures over a run that ended at `end`.
  ServiceResult::Pool result(SimTime end) const {
    return ServiceResult::Pool{pool_.name,
                               pool_.replicas,
                               engines(),
                               busy_ns_,
                               busy_energy_j_ + idle_energy_j(end, reported_busy_ns_),
                               completed_,
                               output_tokens_};
  }

 private:
  ServiceMetrics& service_;
  const PoolSetup& pool_;
  size_t index_;
  Handoff handoff_;
  Pull pull_;
  int64_t busy_ns_ = 0;           // steps finished (on_steps)
  int64_t reported_busy_ns_ = 0;  // busy time reported so far (on_busy)
  int64_t interval_busy_ns_ = 0;
  double busy_energy_j_ = 0.0;
  uint64_t completed_ = 0;
  uint64_t output_tokens_ = 0;
};

// A request prefilled on one replica on its way to a decode replica.
struct Transfer {
  uint32_t replica = 0;  // destination
  int64_t pull_id = 0;   // its pull there
};

struct ServiceState {
  // `options` must outlive the state (the Simulation owns both). Replicas of the pools that
  // receive arrivals (kBoth, kPrefill) come first, in pool order, then the decode pools'.
  ServiceState(const ServiceSetup& s, uint32_t index, const RngFactory& rngs,
               const ServingOptions& options, PoolObserver::Handoff handoff,
               PoolObserver::Pull pull)
      : setup(&s),
        pools(s.pools),
        router(router_registry().create(s.router)),
        router_rng(rngs.stream("router/" + s.name)),
        decode_router_rng(rngs.stream("decode-router/" + s.name)),
        stream(s.workload, rngs,
               s.workload.random_stream.empty() ? s.name : s.workload.random_stream,
               options.horizon),
        closed_loop(stream.closed_loop()),
        metrics(result, interval, s, options) {
    result.name = s.name;
    interval.service = index;
    interval.pool_gpu_energy_j.assign(pools.size(), 0.0);
    const int64_t block = s.kv_block_tokens;
    const BatchingRules rules = batching_registry().create(s.batching)->rules();
    chunked = rules.chunked_prefill;
    observers.reserve(pools.size());
    for (size_t p = 0; p < pools.size(); ++p) {
      observers.push_back(std::make_unique<PoolObserver>(metrics, pools[p], p, handoff, pull));
      disaggregated = disaggregated || pools[p].role != PoolRole::kBoth;
    }
    int64_t total = 0;
    for (const PoolSetup& p : pools) total += p.replicas * p.engines_per_replica;
    replicas.reserve(static_cast<size_t>(total));
    for (bool decode_pools : {false, true}) {
      for (size_t p = 0; p < pools.size(); ++p) {
        const PoolSetup& pool = pools[p];
        if ((pool.role == PoolRole::kDecode) != decode_pools) continue;
        // Each engine of a replica (PoolSetup::engines_per_replica) is a Replica here.
        const int64_t engines = pool.engines_per_replica;
        ReplicaConfig config;
        config.model = pool.step_model.get();
        config.rules = rules;
        config.max_batch_size = pool.max_batch_size;
        config.max_batch_tokens = pool.max_batch_tokens;
        config.block_tokens = block;
        config.total_blocks = pool.step_model->kv_capacity_tokens() / block / engines;
        config.watermark_blocks =
            static_cast<int64_t>(s.kv_watermark * static_cast<double>(config.total_blocks));
        config.max_run_steps = options.step_mode ? 1 : INT64_MAX;
        config.prefix_caching = s.prefix_caching && pool.role != PoolRole::kDecode;
        config.prefix_block_tokens = stream.prefix_block_tokens();
        config.prefill_only = pool.role == PoolRole::kPrefill;
        config.beam_width = s.beam_width;
        config.reserve_full_length = s.reserve_full_length;
        // Whole-length reservations must fit beside the watermark, even on an empty replica.
        const int64_t kv = (s.reserve_full_length ? config.total_blocks - config.watermark_blocks
                                                  : config.total_blocks) *
                           block;
        if (pool.role != PoolRole::kPrefill) max_request_tokens = std::min(max_request_tokens, kv);
        // An admission (a prompt, or a transferred prompt's KV) keeps the watermark free,
        // even on an empty replica.
        max_prompt_tokens =
            std::min(max_prompt_tokens, (config.total_blocks - config.watermark_blocks) * block);
        if (pool.role != PoolRole::kDecode && !chunked) {
          max_prompt_tokens = std::min(max_prompt_tokens, pool.max_batch_tokens);
        }
        for (int64_t i = 0; i < pool.replicas * engines; ++i) {
          replicas.emplace_back(config, observers[p].get());
          replica_pool.push_back(static_cast<uint32_t>(p));
          replica_kv_blocks.push_back(config.total_blocks);
        }
        if (!decode_pools) entry_replicas += static_cast<size_t>(pool.replicas * engines);
      }
    }
    if (disaggregated) decode_router = router_registry().create(s.decode_router);
    loads.resize(replicas.size());
    if (const int64_t prefix_tokens = stream.prefix_block_tokens(); prefix_tokens > 0) {
      for (size_t i = 0; i < replicas.size(); ++i) {
        loads[i].prefix_capacity_blocks = replica_kv_blocks[i] * block / prefix_tokens;
      }
    }
    start_pending.resize(replicas.size(), false);
    link_free.resize(replicas.size(), SimTime::zero());
  }
  ServiceState(const ServiceState&) = delete;
  ServiceState& operator=(const ServiceState&) = delete;

  const ServiceSetup* setup;
  const std::vector<PoolSetup>& pools;  // the setup's (it outlives the simulation)
  std::unique_ptr<Router> router;
  std::unique_ptr<Router> decode_router;  // disaggregated services only
  RngStream router_rng;
  RngStream decode_router_rng;
  SyntheticRequestStream stream;
  const bool closed_loop;               // the stream's clients wait for their completions
  std::optional<Request> next_arrival;  // open-loop streams: the one arrival scheduled
  // Closed-loop streams: every scheduled arrival, in arrival order (each client's next request
  // arrives a fixed think time after its previous one ended, so ends in time order give
  // arrivals in time order).
  std::deque<Request> closed_arrivals;
  ServiceResult result;
  IntervalSample interval;
  ServiceMetrics metrics;
  std::vector<std::unique_ptr<PoolObserver>> observers;  // one per pool
  std::vector<Replica> replicas;  // one per engine (a replica runs one engine per pipeline stage)
  std::vector<uint32_t> replica_pool;
  std::vector<int64_t> replica_kv_blocks;
  size_t entry_replicas = 0;  // replicas [0, entry_replicas) receive arrivals
  std::vector<ReplicaLoad> loads;
  uint32_t first_slot = 0;  // replica i's StepDone is in queue slot first_slot + i
  std::vector<bool> start_pending;
  std::vector<SimTime> link_free;  // when each replica's KV-transfer links are free
  bool chunked = false;
  bool disaggregated = false;
  // A request is rejected when some replica the routers may send it to could never run it:
  // prompt and output over the KV cache of a replica that decodes, a prompt over a replica's
  // cache less its watermark, or (without chunked prefill) over a step's token budget.
  int64_t max_request_tokens = INT64_MAX;
  int64_t max_prompt_tokens = INT64_MAX;
};

class Simulation {
 public:
  Simulation(const std::vector<ServiceSetup>& setups, const RngFactory& rngs,
             const ServingOptions& options)
      : options_(options) {
    services_.reserve(setups.size());
    for (size_t i = 0; i < setups.size(); ++i) {
      const auto s = static_cast<uint32_t>(i);
      services_.push_back(std::make_unique<ServiceState>(
          setups[i], s, rngs, options_,
          [this, s](Sequence&& q, SimTime now) { on_prefilled(s, std::move(q), now); },
          [this, s](const Sequence& q, int64_t pull_id, SimTime now) {
            on_pull(s, q, pull_id, now);
          }));
      assert(!services_.back()->replicas.empty());
      if (i > 0) {
        services_[i]->first_slot =
            services_[i - 1]->first_slot + static_cast<uint32_t>(services_[i - 1]->replicas.size());
      }
      ServiceState& st = *services_.back();
      if (st.closed_loop) {
        st.metrics.set_on_done([this, s](SimTime now) { send_follow_up(s, now); });
        while (auto r = st.stream.next()) schedule_closed_arrival(s, std::move(*r));
      } else {
        schedule_next_arrival(s);
      }
    }
    if (options_.interval > SimTime::zero() && options_.interval <= options_.horizon) {
      queue_.push(options_.interval, kSample, Event{kSample, 0, 0});
    }
  }

  ServingResult run() {
    ServingResult out;
    const SimTime until = options_.horizon + options_.drain_limit;
    uint64_t handled = 0;
    EngineStats stats = run_events(queue_, until, [&](SimTime now, Event& e) {
      switch (e.kind) {
        case kArrival:
          on_arrival(now, e.service);
          break;
        case kKvArrival:
          on_kv_arrival(now, e);
          break;
        case kKvSent:
          on_kv_sent(now, e);
          break;
        case kStepStart:
          on_step_start(now, e.service, e.replica);
          break;
        case kStepDone:
          on_step_done(now, e);
          break;
        case kSample:
          on_sample(now, out.timeseries);
          break;
      }
      if (options_.progress && (++handled & 0xFFFF) == 0) options_.progress(now, handled);
    });
    for (auto& st : services_) {
      for (Replica& r : st->replicas) {
        st->result.unfinished += static_cast<uint64_t>(r.waiting() + r.running() + r.pulling());
        r.credit_until(stats.end_time);  // busy time of a run cut short by the drain limit
      }
      st->result.skipped_rows = st->stream.skipped_rows();
      st->result.gpu_energy_j = 0.0;
      for (const auto& o : st->observers) {
        st->result.pools.push_back(o->result(stats.end_time));
        st->result.gpu_energy_j += st->result.pools.back().gpu_energy_j;
      }
      out.services.push_back(std::move(st->result));
    }
    out.horizon = options_.horizon;
    out.end_time = stats.end_time;
    out.events = stats.events;
    return out;
  }

 private:
  void schedule_next_arrival(uint32_t s) {
    ServiceState& st = *services_[s];
    st.next_arrival = st.stream.next();
    if (st.next_arrival) {
      queue_.push(st.next_arrival->arrival, kArrival, Event{kArrival, s, 0});
    }
  }

  void schedule_closed_arrival(uint32_t s, Request&& r) {
    ServiceState& st = *services_[s];
    assert(st.closed_arrivals.empty() || st.closed_arrivals.back().arrival <= r.arrival);
    queue_.push(r.arrival, kArrival, Event{kArrival, s, 0});
    st.closed_arrivals.push_back(std::move(r));
  }

  // A request of closed-loop service `s` completed at `now`: its client sends the next one,
  // if the stream goes on.
  void send_follow_up(uint32_t s, SimTime now) {
    if (auto r = services_[s]->stream.follow_up(now)) schedule_closed_arrival(s, std::move(*r));
  }

  // The router's choice among replicas [begin, end) of service `st`, at `now`.
  size_t route(ServiceState& st, Router& router, RngStream& rng, size_t begin, size_t end,
               SimTime now, const RouteRequest& request) {
    if (router.reads_kv_load()) {
      for (size_t k = begin; k < end; ++k) {
        st.loads[k].kv_tokens_reserved =
            st.replicas[k].blocks_in_use(now) * st.setup->kv_block_tokens;
      }
    }
    const std::span<const ReplicaLoad> loads(st.loads.data() + begin, end - begin);
    return begin + router.pick(loads, request, rng);
  }

  // Queues a request (or a sequence prefilled elsewhere) at replica `i` and gets it going.
  void deliver(uint32_t s, size_t i, SimTime now) {
    ServiceState& st = *services_[s];
    Replica& rep = st.replicas[i];
    if (rep.executing()) {
      if (auto end = rep.shorten_for_arrival(now)) push_step_done(s, i, *end);
    } else if (!st.start_pending[i]) {
      st.start_pending[i] = true;
      queue_.push(now, kStepStart, Event{kStepStart, s, static_cast<uint32_t>(i)});
    }
  }

  void on_arrival(SimTime now, uint32_t s) {
    ServiceState& st = *services_[s];
    const bool closed = st.closed_loop;
    Request r;
    if (closed) {
      r = std::move(st.closed_arrivals.front());
      st.closed_arrivals.pop_front();
    } else {
      r = std::move(*st.next_arrival);
    }
    ++st.result.arrived;
    ++st.interval.arrived;
    const bool never_fits =
        r.prompt_tokens +
                st.setup->beam_width *
                    (st.setup->reserve_full_length ? r.reserved_output_tokens() : r.output_tokens) >
            st.max_request_tokens ||
        r.prompt_tokens > st.max_prompt_tokens;
    if (never_fits) {
      ++st.result.rejected;  // a closed-loop client stops: it would be rejected at once again
    } else {
      const size_t i = route(st, *st.router, st.router_rng, 0, st.entry_replicas, now,
                             RouteRequest{r.prefix_blocks});
      st.replicas[i].enqueue(std::move(r));
      ++st.loads[i].outstanding_requests;
      deliver(s, i, now);
    }
    if (!closed) schedule_next_arrival(s);
  }

  // A prefill replica of service `s` finished prefilling `q` at `now`: the decode router
  // picks its decode replica, where it waits for its pull (it counts as outstanding there from
  // now on). The prefill replica holds the KV until it is sent.
  void on_prefilled(uint32_t s, Sequence&& q, SimTime now) {
    ServiceState& st = *services_[s];
    const size_t i = route(st, *st.decode_router, st.decode_router_rng, st.entry_replicas,
                           st.replicas.size(), now, RouteRequest{});
    q.kv_source = acting_replica_;
    st.replicas[i].enqueue_transferred(std::move(q));
    ++st.loads[i].outstanding_requests;
    deliver(s, i, now);
  }

  // Decode replica acting_replica_ of service `s` reserved the blocks of `q`'s KV at `now`:
  // the transfer holds the links of both ends (one transfer at a time each, first come first
  // served) from when both are free for bytes / rate, and lands `latency` later.
  void on_pull(uint32_t s, const Sequence& q, int64_t pull_id, SimTime now) {
    ServiceState& st = *services_[s];
    const size_t from = q.kv_source;
    const size_t i = acting_replica_;
    const PoolSetup& src = st.pools[st.replica_pool[from]];
    const PoolSetup& dst = st.pools[st.replica_pool[i]];
    const double bytes =
        static_cast<double>(q.transferred_tokens) * src.step_model->kv_bytes_per_token();
    const SimTime latency = std::max(src.kv_link_latency, dst.kv_link_latency);
    const double rate = std::min(src.kv_link_bytes_per_s, dst.kv_link_bytes_per_s);
    const SimTime start = std::max({now, st.link_free[from], st.link_free[i]});
    const SimTime occupied = SimTime::from_seconds(rate > 0.0 ? bytes / rate : 0.0);
    st.link_free[from] = st.link_free[i] = start + occupied;
    const SimTime duration = start + occupied + latency - now;
    ++st.result.kv_transfers;
    st.result.kv_transfer_bytes += bytes;
    st.result.kv_transfer_s.add(duration.seconds());
    uint32_t slot = 0;
    const Transfer t{static_cast<uint32_t>(i), pull_id};
    if (free_slots_.empty()) {
      slot = static_cast<uint32_t>(transfers_.size());
      transfers_.push_back(t);
    } else {
      slot = free_slots_.back();
      free_slots_.pop_back();
      transfers_[slot] = t;
    }
    queue_.push(now + duration, kKvArrival, Event{kKvArrival, s, slot});
    queue_.push(start + occupied, kKvSent, Event{kKvSent, s, static_cast<uint32_t>(from)});
  }

  // The oldest transfer out of prefill replica `e.replica` has left: its KV blocks are free
  // there, which may let a waiting prompt in.
  void on_kv_sent(SimTime now, const Event& e) {
    ServiceState& st = *services_[e.service];
    Replica& rep = st.replicas[e.replica];
    rep.release_oldest_sent();
    if (rep.waiting() > 0) deliver(e.service, e.replica, now);
  }

  void on_kv_arrival(SimTime now, const Event& e) {
    ServiceState& st = *services_[e.service];
    const Transfer t = transfers_[e.replica];
    st.replicas[t.replica].kv_landed(t.pull_id, now);
    free_slots_.push_back(e.replica);
    deliver(e.service, t.replica, now);
  }

  // Replaces the replica's pending StepDone, if any (a run shortened by an arrival).
  void push_step_done(uint32_t s, size_t i, SimTime end) {
    const auto replica = static_cast<uint32_t>(i);
    queue_.push_to_slot(services_[s]->first_slot + replica, end, kStepDone,
                        Event{kStepDone, s, replica});
  }

  void start(SimTime now, uint32_t s, size_t i) {
    ServiceState& st = *services_[s];
    Replica& rep = st.replicas[i];
    acting_replica_ = static_cast<uint32_t>(i);  // the destination of any pull start() makes
    if (auto end = rep.start(now)) push_step_done(s, i, *end);
    st.loads[i].outstanding_requests = rep.waiting() + rep.running() + rep.pulling();
  }

  void on_step_start(SimTime now, uint32_t s, uint32_t i) {
    services_[s]->start_pending[i] = false;
    if (!services_[s]->replicas[i].executing()) start(now, s, i);
  }

  void on_step_done(SimTime now, const Event& e) {
    ServiceState& st = *services_[e.service];
    Replica& rep = st.replicas[e.replica];
    acting_replica_ = e.replica;  // the source of any hand-off finish() makes
    rep.finish(now);
    start(now, e.service, e.replica);
  }

  void on_sample(SimTime now, std::vector<IntervalSample>& rows) {
    for (auto& st : services_) {
      for (Replica& r : st->replicas) r.credit_until(now);
      for (const auto& o : st->observers) o->close_interval(options_.interval);
      IntervalSample row = st->interval;
      row.start = now - options_.interval;
      row.waiting = 0;
      row.running = 0;
      int64_t blocks_used = 0, blocks_total = 0;
      for (size_t k = 0; k < st->replicas.size(); ++k) {
        const Replica& r = st->replicas[k];
        row.waiting += r.waiting();
        row.running += r.running();
        const int64_t used = r.blocks_in_use(now);
        const int64_t blocks = st->replica_kv_blocks[k];
        blocks_used += used;
        blocks_total += blocks;
        if (blocks > 0) {
          st->result.kv_occupancy.add(static_cast<double>(used) / static_cast<double>(blocks));
        }
      }
      row.kv_occupancy = blocks_total > 0
                             ? static_cast<double>(blocks_used) / static_cast<double>(blocks_total)
                             : 0.0;
      rows.push_back(row);
      st->interval = IntervalSample{};
      st->interval.service = row.service;
      st->interval.pool_gpu_energy_j.assign(st->pools.size(), 0.0);
    }
    if (now + options_.interval <= options_.horizon) {
      queue_.push(now + options_.interval, kSample, Event{kSample, 0, 0});
    }
  }

  ServingOptions options_;
  std::vector<std::unique_ptr<ServiceState>> services_;
  EventQueue<Event> queue_;
  std::vector<Transfer> transfers_;  // KV transfers under way, by slot
  std::vector<uint32_t> free_slots_;
  // The replica whose step is being finished (the source of a hand-off) or started (the
  // destination of a pull).
  uint32_t acting_replica_ = 0;
};

}  // namespace

ServingResult simulate_serving(const std::vector<ServiceSetup>& services, const RngFactory& rngs,
                               const ServingOptions& options) {
  return Simulation(services, rngs, options).run();
}

}  // namespace aidcsim
