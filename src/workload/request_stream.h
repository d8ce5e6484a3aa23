// The stream of requests a service receives, whatever produces it: a synthetic generator
// (synthetic_source.h) or a trace file (trace_file.h). Requests come one at a time in arrival
// order, so memory does not grow with the length of the run.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/rng.h"
#include "core/sim_time.h"
#include "workload/workload_spec.h"

namespace aidcsim {

// A producer of requests in arrival order.
class RequestSource {
 public:
  virtual ~RequestSource() = default;
  // The next request, or nothing once the stream has ended. May throw InputError (a bad
  // trace row when bad rows are not skipped).
  virtual std::optional<Request> next() = 0;
  // Corrupt trace rows skipped so far (`skip_bad_rows: true`); 0 for synthetic sources.
  virtual uint64_t skipped_rows() const { return 0; }
  // Tokens per Request::prefix_blocks entry; 0 when requests carry no prefix blocks.
  virtual int64_t prefix_block_tokens() const { return 0; }
  // Closed-loop sources (`arrival: closed`) issue a client's next request only once its
  // previous one is done: next() gives the clients' first requests, follow_up() the next
  // request of the client whose request ended at `done` (nothing once the stream has ended).
  virtual bool closed_loop() const { return false; }
  virtual std::optional<Request> follow_up(SimTime /*done*/) { return {}; }
};

class RequestStream {
 public:
  // The stream a workload spec describes. `stream_name` distinguishes the random streams of
  // several services ("chat", "api"); arrivals stop at `horizon`. A trace, or the trace of an
  // empirical length distribution, is opened at spec.base_dir / spec.trace.path. Throws
  // InputError if that file cannot be read or is bad (check_workload_inputs, in
  // trace_file.h, finds the same problems at validation time).
  RequestStream(const WorkloadSpec& spec, const RngFactory& rngs, const std::string& stream_name,
                SimTime horizon);
  explicit RequestStream(std::unique_ptr<RequestSource> source) : source_(std::move(source)) {}

  std::optional<Request> next() { return capped(source_->next()); }
  bool closed_loop() const { return source_->closed_loop(); }
  std::optional<Request> follow_up(SimTime done) { return capped(source_->follow_up(done)); }
  uint64_t skipped_rows() const { return source_->skipped_rows(); }
  int64_t prefix_block_tokens() const { return source_->prefix_block_tokens(); }

 private:
  // The request as its client sends it: output cut at the workload's max_tokens, if any.
  std::optional<Request> capped(std::optional<Request> r) const {
    if (r && max_tokens_ > 0) {
      r->output_tokens = std::min(r->output_tokens, max_tokens_);
      r->max_output_tokens = max_tokens_;
    }
    return r;
  }

  std::unique_ptr<RequestSource> source_;
  int64_t max_tokens_ = 0;  // WorkloadSpec::max_tokens
};

}  // namespace aidcsim
