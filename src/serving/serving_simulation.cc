#include "serving/serving_simulation.h"

#include <algorithm>
#include <cassert>
#include <optional>

#include "core/event_queue.h"
#include "serving/policies.h"
#include "workload/synthetic.h"

namespace aidcsim {
namespace {

// Priority classes at equal times: a finishing step frees room before a new arrival is
// routed; an idle replica forms its batch only after every arrival of that instant (so
// requests arriving together are batched together); samples see the state after all.
enum Priority : uint32_t { kStepDone = 0, kArrival = 1, kStepStart = 2, kSample = 3 };

struct Event {
  Priority kind;
  uint32_t service;
  uint32_t replica;
};

// Collects one service's metrics from its replicas.
class ServiceMetrics final : public ReplicaObserver {
 public:
  ServiceMetrics(ServiceResult& result, IntervalSample& interval, const ServiceSetup& setup,
                 const ServingOptions& options)
      : result_(result), interval_(interval), setup_(setup), options_(options) {}
  void on_steps(int64_t batch_size, int64_t steps, SimTime duration) override {
    result_.batch_size.add(static_cast<double>(batch_size), static_cast<uint64_t>(steps));
    result_.steps += static_cast<uint64_t>(steps);
    result_.busy_replica_ns += duration.ns();
  }
  void on_busy(SimTime duration, int64_t batch_size, bool prefill) override {
    const double seconds = duration.seconds();
    interval_.busy_replica_ns += duration.ns();
    interval_.batch_busy_ns += static_cast<double>(batch_size) * static_cast<double>(duration.ns());
    const double energy_j = seconds * static_cast<double>(setup_.gpus_per_replica) *
                            setup_.step_model->busy_power_w(batch_size, prefill);
    interval_.gpu_energy_j += energy_j;
    busy_energy_j_ += energy_j;
    busy_ns_ += duration.ns();
    if (prefill) result_.prefill_busy_ns += duration.ns();
  }
  // Idle draw of the service's GPUs over `replica_ns` of replica time minus the busy part.
  double idle_energy_j(double replica_ns, int64_t busy_ns) const {
    return std::max(0.0, replica_ns - static_cast<double>(busy_ns)) * 1e-9 *
           static_cast<double>(setup_.gpus_per_replica) * setup_.step_model->idle_power_w();
  }
  double busy_energy_j() const { return busy_energy_j_; }
  int64_t busy_ns() const { return busy_ns_; }
  void on_output_tokens(int64_t tokens) override {
    result_.output_tokens += static_cast<uint64_t>(tokens);
    interval_.output_tokens += static_cast<uint64_t>(tokens);
  }
  void on_preemption() override { ++result_.preemptions; }
  void on_prefix_lookup(int64_t queried, int64_t hit) override {
    result_.prefix_query_tokens += static_cast<uint64_t>(queried);
    result_.prefix_hit_tokens += static_cast<uint64_t>(hit);
  }
  void on_complete(const Sequence& s, SimTime now) override {
    if (options_.on_request) options_.on_request(interval_.service, s, now);
    ++result_.completed;
    ++interval_.completed;
    result_.input_tokens += static_cast<uint64_t>(s.request.prompt_tokens);
    const double ttft = (s.first_token - s.request.arrival).seconds();
    result_.ttft_s.add(ttft);
    result_.e2e_s.add((now - s.request.arrival).seconds());
    result_.queueing_s.add((s.first_admitted - s.request.arrival).seconds());
    double tpot = 0.0;
    if (s.request.output_tokens > 1) {
      tpot = (now - s.first_token).seconds() / static_cast<double>(s.request.output_tokens - 1);
      result_.tpot_s.add(tpot);
    }
    const bool ttft_ok = setup_.ttft_slo == SimTime::zero() || ttft <= setup_.ttft_slo.seconds();
    const bool tpot_ok = setup_.tpot_slo == SimTime::zero() || tpot <= setup_.tpot_slo.seconds();
    if (ttft_ok && tpot_ok) ++result_.met_slo;
  }

 private:
  ServiceResult& result_;
  IntervalSample& interval_;
  const ServiceSetup& setup_;
  const ServingOptions& options_;
  double busy_energy_j_ = 0.0;  // over the whole run
  int64_t busy_ns_ = 0;
};

struct ServiceState {
  // `options` must outlive the state (the Simulation owns both).
  ServiceState(const ServiceSetup& s, uint32_t index, const RngFactory& rngs,
               const ServingOptions& options)
      : setup(&s),
        router(router_registry().create(s.router)),
        router_rng(rngs.stream("router/" + s.name)),
        stream(s.workload, rngs, s.name, options.horizon),
        metrics(result, interval, s, options) {
    result.name = s.name;
    interval.service = index;
    const int64_t block = s.kv_block_tokens;
    ReplicaConfig config;
    config.model = s.step_model.get();
    config.rules = batching_registry().create(s.batching)->rules();
    config.max_batch_size = s.max_batch_size;
    config.max_batch_tokens = s.max_batch_tokens;
    config.block_tokens = block;
    config.total_blocks = s.step_model->kv_capacity_tokens() / block;
    config.watermark_blocks =
        static_cast<int64_t>(s.kv_watermark * static_cast<double>(config.total_blocks));
    config.max_run_steps = options.step_mode ? 1 : INT64_MAX;
    config.prefix_caching = s.prefix_caching;
    config.prefix_block_tokens = stream.prefix_block_tokens();
    chunked = config.rules.chunked_prefill;
    kv_tokens = config.total_blocks * block;
    replicas.reserve(static_cast<size_t>(s.replicas));
    for (int64_t i = 0; i < s.replicas; ++i) replicas.emplace_back(config, &metrics);
    loads.resize(replicas.size());
    start_pending.resize(replicas.size(), false);
  }
  ServiceState(const ServiceState&) = delete;
  ServiceState& operator=(const ServiceState&) = delete;

  const ServiceSetup* setup;
  std::unique_ptr<Router> router;
  RngStream router_rng;
  SyntheticRequestStream stream;
  std::optional<Request> next_arrival;
  ServiceResult result;
  IntervalSample interval;
  ServiceMetrics metrics;
  std::vector<Replica> replicas;
  std::vector<ReplicaLoad> loads;
  uint32_t first_slot = 0;  // replica i's StepDone is in queue slot first_slot + i
  std::vector<bool> start_pending;
  bool chunked = false;
  int64_t kv_tokens = 0;  // capacity of one replica
};

class Simulation {
 public:
  Simulation(const std::vector<ServiceSetup>& setups, const RngFactory& rngs,
             const ServingOptions& options)
      : options_(options) {
    services_.reserve(setups.size());
    for (size_t i = 0; i < setups.size(); ++i) {
      assert(setups[i].step_model != nullptr && setups[i].replicas > 0);
      services_.push_back(
          std::make_unique<ServiceState>(setups[i], static_cast<uint32_t>(i), rngs, options_));
      if (i > 0) {
        services_[i]->first_slot =
            services_[i - 1]->first_slot + static_cast<uint32_t>(services_[i - 1]->replicas.size());
      }
      schedule_next_arrival(static_cast<uint32_t>(i));
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
        st->result.unfinished += static_cast<uint64_t>(r.waiting() + r.running());
        r.credit_until(stats.end_time);  // busy time of a run cut short by the drain limit
      }
      const double replica_ns =
          static_cast<double>(st->replicas.size()) * static_cast<double>(stats.end_time.ns());
      st->result.skipped_rows = st->stream.skipped_rows();
      st->result.gpu_energy_j = st->metrics.busy_energy_j() +
                                st->metrics.idle_energy_j(replica_ns, st->metrics.busy_ns());
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

  void on_arrival(SimTime now, uint32_t s) {
    ServiceState& st = *services_[s];
    Request r = std::move(*st.next_arrival);
    ++st.result.arrived;
    ++st.interval.arrived;
    const bool never_fits = r.prompt_tokens + r.output_tokens > st.kv_tokens ||
                            (!st.chunked && r.prompt_tokens > st.setup->max_batch_tokens);
    if (never_fits) {
      ++st.result.rejected;
    } else {
      if (st.router->reads_kv_load()) {
        for (size_t k = 0; k < st.replicas.size(); ++k) {
          st.loads[k].kv_tokens_reserved =
              st.replicas[k].blocks_in_use(now) * st.setup->kv_block_tokens;
        }
      }
      const size_t i = st.router->pick(st.loads, st.router_rng);
      Replica& rep = st.replicas[i];
      rep.enqueue(std::move(r));
      ++st.loads[i].outstanding_requests;
      if (rep.executing()) {
        if (auto end = rep.shorten_for_arrival(now)) push_step_done(s, i, *end);
      } else if (!st.start_pending[i]) {
        st.start_pending[i] = true;
        queue_.push(now, kStepStart, Event{kStepStart, s, static_cast<uint32_t>(i)});
      }
    }
    schedule_next_arrival(s);
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
    if (auto end = rep.start(now)) push_step_done(s, i, *end);
    st.loads[i].outstanding_requests = rep.waiting() + rep.running();
  }

  void on_step_start(SimTime now, uint32_t s, uint32_t i) {
    services_[s]->start_pending[i] = false;
    if (!services_[s]->replicas[i].executing()) start(now, s, i);
  }

  void on_step_done(SimTime now, const Event& e) {
    ServiceState& st = *services_[e.service];
    Replica& rep = st.replicas[e.replica];
    rep.finish(now);
    start(now, e.service, e.replica);
  }

  void on_sample(SimTime now, std::vector<IntervalSample>& rows) {
    for (auto& st : services_) {
      IntervalSample row;
      for (Replica& r : st->replicas) r.credit_until(now);
      row = st->interval;
      row.start = now - options_.interval;
      row.waiting = 0;
      row.running = 0;
      int64_t blocks_used = 0;
      const int64_t blocks_per_replica = st->kv_tokens / st->setup->kv_block_tokens;
      for (const Replica& r : st->replicas) {
        row.waiting += r.waiting();
        row.running += r.running();
        const int64_t used = r.blocks_in_use(now);
        blocks_used += used;
        if (blocks_per_replica > 0) {
          st->result.kv_occupancy.add(static_cast<double>(used) /
                                      static_cast<double>(blocks_per_replica));
        }
      }
      const int64_t blocks_total = blocks_per_replica * static_cast<int64_t>(st->replicas.size());
      row.kv_occupancy = blocks_total > 0
                             ? static_cast<double>(blocks_used) / static_cast<double>(blocks_total)
                             : 0.0;
      row.gpu_energy_j += st->metrics.idle_energy_j(
          static_cast<double>(st->replicas.size()) * static_cast<double>(options_.interval.ns()),
          row.busy_replica_ns);
      rows.push_back(row);
      st->interval = IntervalSample{};
      st->interval.service = row.service;
    }
    if (now + options_.interval <= options_.horizon) {
      queue_.push(now + options_.interval, kSample, Event{kSample, 0, 0});
    }
  }

  ServingOptions options_;
  std::vector<std::unique_ptr<ServiceState>> services_;
  EventQueue<Event> queue_;
};

}  // namespace

ServingResult simulate_serving(const std::vector<ServiceSetup>& services, const RngFactory& rngs,
                               const ServingOptions& options) {
  return Simulation(services, rngs, options).run();
}

}  // namespace aidcsim
