// Descriptions of request streams, as scenario files give them. Plain values: the scenario
// layer fills them from YAML through its schema (scenario/workload_schema.cc, the single
// source of truth for the keys and their checks); the generators here turn them into requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sim_time.h"
#include "core/units.h"

namespace aidcsim {

// A distribution of token counts. Draws are rounded to integers and clamped to [min, max].
struct LengthSpec {
  // fixed | uniform | lognormal | zipf | empirical (the lengths of the workload's `trace`)
  std::string distribution = "fixed";
  double mean = 0.0;    // fixed: the value; lognormal: the mean
  double stddev = 0.0;  // lognormal only
  int64_t min = 1;
  int64_t max = 1'000'000;
  double exponent = 1.0;  // zipf: P(min + k - 1) proportional to 1 / k^exponent, k = 1, 2, ...
};

// A request trace file. An empty path means no trace.
struct TraceSpec {
  std::string format = "auto";  // auto | azure | mooncake | csv (see workload/trace_reader.h)
  std::string path;             // as written in the scenario: relative to the scenario's folder
  bool skip_bad_rows = false;   // count corrupt rows instead of failing on the first one
};

// Rate modulation over the day for `arrival: diurnal`: a sinusoid with a 24 h period.
struct DiurnalSpec {
  double peak_hour = 14.0;      // hour of day (0-24) of the highest rate
  double peak_to_trough = 1.0;  // highest rate / lowest rate (> 1 for diurnal)
  double start_hour = 0.0;      // hour of day at t = 0
};

struct WorkloadSpec {
  // poisson | gamma | diurnal | offline | closed | trace (arrivals and lengths from `trace`)
  std::string arrival = "poisson";
  Rate rate;             // poisson, gamma, diurnal: mean arrivals per second
  double cv = 1.0;       // gamma: coefficient of variation of inter-arrival times
  DiurnalSpec diurnal;   // diurnal only
  int64_t requests = 0;  // offline: all at t = 0; otherwise a cap (0 = until the horizon)
  // closed: clients, each sending its next request `think_time` after its previous one
  // completed (a rejected request ends its client); client k of N sends its first at
  // k / N x ramp_up (all at t = 0 when ramp_up is zero).
  int64_t concurrency = 0;
  SimTime think_time;
  SimTime ramp_up;
  LengthSpec prompt_tokens;
  LengthSpec output_tokens;
  // The max_tokens clients send (0: none): longer outputs stop there, and engines that reserve
  // a request's whole length at admission reserve this many output tokens, not the true count.
  int64_t max_tokens = 0;
  TraceSpec trace;                    // arrival: trace, or an empirical length distribution
  std::optional<Rate> rate_scale_to;  // arrival: trace: stretch or compress time to this rate
  // Name of the random streams the requests are drawn from; empty: the service's name.
  // Services with the same workload and stream name get the same requests.
  std::string random_stream;
  // Not a scenario key: the folder that `trace.path` is relative to. Set by the scenario
  // loader (resolve_workload_paths); empty means the current directory.
  std::string base_dir;
};

struct Request {
  uint64_t id = 0;
  SimTime arrival;
  int64_t prompt_tokens = 0;
  int64_t output_tokens = 0;
  // The client's max_tokens (0: not given): what a whole-length KV reservation holds for the
  // output (reserved_output_tokens()); output_tokens never exceeds it.
  int64_t max_output_tokens = 0;
  int64_t reserved_output_tokens() const {
    return max_output_tokens > 0 ? max_output_tokens : output_tokens;
  }
  // Ids of the prompt's fixed-size token blocks (Mooncake `hash_ids`, 512 tokens each: see
  // RequestStream::prefix_block_tokens()); equal ids across requests mean a shared prefix
  // whose KV cache can be reused. Empty when the workload carries no prefix information.
  std::vector<uint64_t> prefix_blocks;
};

}  // namespace aidcsim
