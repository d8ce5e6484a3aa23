// One model replica: its waiting queue, its running batch, its paged KV cache, and the step
// (or run of identical decode steps) it is executing.
//
// Request life cycle: waiting -> admitted (prefill, possibly in chunks) -> decoding, one
// token per step -> complete. KV cache is allocated in blocks of `block_tokens` as tokens are
// stored; when a decode step finds no free block, the most recently admitted request is
// preempted (its blocks freed, vLLM's recompute mode) and goes back to the front of the
// waiting queue, to prefill its prompt and the tokens generated so far again.
//
// Between two batch-changing events a replica runs identical decode-only steps; it plans
// them as one run whose duration is a closed-form sum (DecodeStepCost::run) and ends it at
// the first completion, the last step before the KV cache runs out, a sliding-window
// boundary, or the step boundary after an arrival. With max_run_steps = 1 every step is
// planned alone (step mode); both modes give identical per-request results.
//
// Prefix caching (vLLM's automatic prefix caching), when on and the requests carry prefix
// block ids (Request::prefix_blocks, each `prefix_block_tokens` tokens): the full prompt
// blocks of a request whose prefill completed stay in a cache keyed by block id. A request
// admitted later whose leading block ids are cached shares their KV blocks and prefills only
// the rest of its prompt (at least one token: a fully cached prompt recomputes its last
// block). Cached blocks no request holds are evictable: they count as free, and are evicted
// least recently released first when an allocation needs them, so preemption happens only
// once none is left.
//
// Prefill/decode disaggregation (Splitwise, DistServe): a prefill-only replica hands every
// request whose prefill completed (and which needs more than its first token) to its observer
// (on_prefilled) and keeps its KV blocks until the transfer has sent them
// (release_oldest_sent); a decode replica receives the request (enqueue_transferred) and
// pulls its KV: at a step boundary where the blocks fit above the watermark (and the batch has
// room) it reserves them and reports the pull (on_pull); once the KV has landed (kv_landed)
// the request joins the batch at the next step boundary, without a prefill step, and decodes
// like any other request (a preemption there recomputes locally).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "serving/policies.h"
#include "serving/prefix_cache.h"
#include "serving/step_model.h"
#include "workload/workload_spec.h"

namespace aidcsim {

struct ReplicaConfig {
  const StepTimeModel* model = nullptr;
  BatchingRules rules;
  int64_t max_batch_size = 256;  // running requests
  // Tokens (prefill + decode) per step. A decoding request takes beam_width of them, and the
  // engines stop adding decodes when the budget is spent (TensorRT-LLM's micro-batch
  // scheduler, vLLM V1's; source row trtllm-token-budget-bounds-decodes), so at most
  // max_batch_tokens / beam_width requests run at once (Replica::max_running_), whatever
  // max_batch_size says.
  int64_t max_batch_tokens = 8192;
  int64_t block_tokens = 16;  // tokens per KV block; a power of two
  int64_t total_blocks = 0;
  int64_t watermark_blocks = 0;  // admissions keep at least this many blocks free
  int64_t max_run_steps = INT64_MAX;
  bool prefix_caching = false;
  // Tokens per Request::prefix_blocks entry (the trace's block, e.g. 512); caching needs a
  // whole number of KV blocks per entry and is off otherwise.
  int64_t prefix_block_tokens = 0;
  // Prefill only (a disaggregated service's prefill pool): requests leave once prefilled.
  bool prefill_only = false;
  // Beam search: every token past the prompt is stored once per beam (see stored_tokens).
  int64_t beam_width = 1;
  // Admission reserves a request's whole length (TensorRT-LLM's GUARANTEED_NO_EVICT
  // capacity scheduler): a request is admitted only when the blocks of its prompt and all its
  // output tokens fit, beside the whole-length reservations of those admitted before, in the
  // cache less the watermark, so decoding never runs out of blocks and nothing is preempted
  // (unless shared prefix blocks crowd the cache). Off: blocks are taken as tokens are stored
  // and preemption frees them (vLLM). Ignored on prefill-only replicas.
  bool reserve_full_length = false;
};

struct Sequence {
  Request request;
  int64_t kv_tokens = 0;       // tokens whose KV is stored
  int64_t prefill_target = 0;  // kv_tokens at which the (re)prefill is complete
  int64_t generated = 0;       // output tokens produced
  int64_t blocks = 0;          // KV blocks held by this request alone
  int64_t shared_blocks = 0;   // leading prefix blocks held in the prefix cache (referenced)
  int64_t shared_tokens = 0;   // tokens of those blocks (the rest of kv_tokens is in `blocks`)
  SimTime first_admitted;
  SimTime first_token;
  int32_t preemptions = 0;
  uint32_t kv_source = 0;  // a transferred request: the prefill replica holding its KV (its
                           // owner's numbering)
  // KV tokens that arrive with the request from a prefill replica, to be stored at admission
  // without a prefill step (0 once admitted, and for requests that prefill here).
  int64_t transferred_tokens = 0;
  // When the KV from the prefill replica landed here, if handed_over (disaggregated services;
  // the first landing if the request was later preempted and recomputed locally).
  SimTime kv_arrived;
  bool handed_over = false;
  bool admitted_before = false;
  bool prefilling() const { return kv_tokens < prefill_target; }
};

// Receives what a replica does, for metrics (observers, not part of the mechanics).
class ReplicaObserver {
 public:
  virtual ~ReplicaObserver() = default;
  // `steps` steps of `batch_size` requests each ran, lasting `duration` in all.
  virtual void on_steps(int64_t batch_size, int64_t steps, SimTime duration) = 0;
  // The replica was busy for `duration` running steps of `batch_size` requests (prefill steps
  // or decode-only steps). Reported piecewise: up to each credit_until, then at the finish, so
  // the pieces of a step or run add up to its duration and fall in the right interval.
  virtual void on_busy(SimTime duration, int64_t batch_size, bool prefill) = 0;
  virtual void on_output_tokens(int64_t tokens) = 0;
  virtual void on_preemption() = 0;
  virtual void on_complete(const Sequence& s, SimTime now) = 0;
  // An admission looked up `queried` prompt tokens in the prefix cache; `hit` were cached.
  virtual void on_prefix_lookup(int64_t queried, int64_t hit) {
    (void)queried;
    (void)hit;
  }
  // A prefill-only replica finished the prefill of `s` at `now` (its first token is out, more
  // are due): the request leaves the replica for a decode replica; its KV blocks stay taken
  // here until the owner calls release_oldest_sent.
  virtual void on_prefilled(Sequence&& s, SimTime now) {
    (void)s;
    (void)now;
  }
  // A decode replica reserved the KV blocks of transferred request `s` at `now`: its KV
  // (s.transferred_tokens, at s.kv_source) may be sent; call kv_landed(pull_id) on arrival.
  virtual void on_pull(const Sequence& s, int64_t pull_id, SimTime now) {
    (void)s;
    (void)pull_id;
    (void)now;
  }
};

// How a replica's paged KV cache stores a request's tokens: blocks of `block_tokens` (a power
// of two, 1 << block_shift); with beam search the prompt once and every later token once per
// beam (one stream growing `beam_width` tokens a step, not one block chain per beam). A value
// type so that hot loops keep it in registers.
struct KvLayout {
  int64_t block_tokens = 16;
  int block_shift = 4;
  int64_t beam_width = 1;

  int64_t blocks_for(int64_t tokens) const { return (tokens + block_tokens - 1) >> block_shift; }
  // KV tokens stored for request `s` whose sequence holds `kv_tokens` tokens.
  int64_t stored_tokens(const Sequence& s, int64_t kv_tokens) const {
    if (beam_width == 1) return kv_tokens;  // the common case, without a load of s
    const int64_t beyond_prompt = kv_tokens - s.request.prompt_tokens;
    return beyond_prompt > 0 ? kv_tokens + (beam_width - 1) * beyond_prompt : kv_tokens;
  }
  // Blocks request `s` must hold alone to store `kv_tokens` tokens (its shared prefix aside).
  int64_t own_blocks_for(const Sequence& s, int64_t kv_tokens) const {
    return blocks_for(stored_tokens(s, kv_tokens) - s.shared_tokens);
  }
  // The most tokens request `s` can hold in `blocks` blocks of its own (own_blocks_for's
  // inverse).
  int64_t max_kv_tokens(const Sequence& s, int64_t blocks) const {
    const int64_t stored = blocks * block_tokens + s.shared_tokens;
    const int64_t prompt = s.request.prompt_tokens;
    return stored <= prompt ? stored : prompt + (stored - prompt) / beam_width;
  }
};

class Replica {
 public:
  Replica(const ReplicaConfig& config, ReplicaObserver* observer);

  void enqueue(Request r);
  // A request prefilled elsewhere, with `s.transferred_tokens` tokens of KV (its prompt) still
  // at its prefill replica and its first token generated; it waits here for its pull.
  void enqueue_transferred(Sequence s);
  // The KV of the pull `pull_id` (on_pull) arrived at `now`; the request joins the batch at
  // the next step boundary. Call start() afterwards if the replica is idle.
  void kv_landed(int64_t pull_id, SimTime now);
  // Plans and starts the next step or run at `now`; returns its end, or nothing when idle.
  std::optional<SimTime> start(SimTime now);
  // Applies the step or run that ends at `now` (its planned end).
  void finish(SimTime now);
  // A request arrived while a run is under way: ends the run at the first step boundary at
  // or after `now`, so the next batch can admit it. Returns the new end when it changed.
  std::optional<SimTime> shorten_for_arrival(SimTime now);
  // A prefill-only replica: the oldest hand-off still holding KV here has been sent; its
  // blocks become free (its shared prefix blocks evictable). Hand-offs leave in the order
  // they were made (the replica's link carries one transfer at a time, first come first
  // served). Call start() afterwards if the replica is idle with requests waiting.
  void release_oldest_sent();
  // Hand-offs whose KV is still held here.
  int64_t sending() const { return static_cast<int64_t>(sending_.size()); }
  // Reports the output tokens of the run's steps completed by `now`, and the busy time up to
  // `now` (for interval counts).
  void credit_until(SimTime now);

  // KV blocks in use at `now`, as stepping one by one would have them: during a run, the
  // blocks of the step under way are taken (routers that look at KV load use this). `now`
  // must not go back in time during a run; O(1) amortised when it advances by a few steps.
  int64_t blocks_in_use(SimTime now) const;

  bool executing() const { return plan_.active; }
  int64_t waiting() const { return static_cast<int64_t>(waiting_.size()); }
  int64_t running() const { return static_cast<int64_t>(running_.size()); }
  // Transferred requests whose blocks are reserved here, their KV on its way or landed.
  int64_t pulling() const { return static_cast<int64_t>(pulling_.size()); }
  int64_t free_blocks() const { return free_blocks_; }

 private:
  struct Chunk {
    size_t index;    // in running_
    int64_t tokens;  // prefilled by this step
  };
  struct Plan {
    bool active = false;
    bool decode_run = false;
    SimTime start;
    SimTime end;
    int64_t steps = 1;
    int64_t batch_size = 0;  // requests in each step
    int64_t credited = 0;    // run steps whose tokens were reported
    SimTime busy_reported;   // busy time up to here was reported (on_busy)
    int64_t first_context = 0;
    int64_t growth = 0;
    DecodeStepCost cost;
    std::vector<Chunk> chunks;
    bool decodes_too = false;  // a prefill step that also decodes every decoding request
  };

  // What blocks_in_use needs about the current decode run, built on its first call in the
  // run (routers that read KV load call it for every replica at every arrival, so it must
  // not loop over the batch). Step k (1-based) of the run holds, beyond the blocks taken at
  // its start, sum_i blocks_for(t_i + k) - b_i over the decoding requests (t_i tokens and
  // b_i blocks at the start). With g = beam_width, a decoding request's stored tokens grow by
  // g a step: T_i + g k at step k (T_i stored, shared prefix aside, at the start). With
  // M = g k - 1 and r_i = T_i mod B, blocks_for(T_i + g k) = floor(M / B) + floor(T_i / B) + 1
  // + [M mod B + r_i >= B], so the sum is n * floor(M / B) + extra + #{i : r_i >= B - M mod B}.
  struct RunBlocks {
    bool built = false;
    int64_t n = 0;                  // decoding requests
    int64_t extra = 0;              // sum_i floor(T_i / B) + 1 - b_i
    std::vector<int32_t> at_least;  // at_least[x] = #{i : r_i >= x}, x in [0, B]
    // The step under way at the last call, and its span from the run's start.
    int64_t step = 0;
    SimTime step_begin;
    SimTime step_end;
  };
  // The run step under way at `elapsed` after the run's start (at a boundary, the next one).
  int64_t run_step_at(SimTime elapsed) const;
  // Allocates `n` free blocks (free_blocks_ >= n), evicting unreferenced cached blocks when
  // the never-used ones run out.
  void take_blocks(int64_t n);
  static std::span<const uint64_t> prefix_ids(const Sequence& s, int64_t from, int64_t to);
  int64_t full_prompt_blocks(const Sequence& s) const;  // prefix blocks the prompt fills
  // Prefix cache: leading cached prefix blocks of a waiting request (at least one prompt
  // token left to prefill), and how many of their KV blocks are evictable now.
  int64_t cached_prefix(const Sequence& s, int64_t& evictable) const;
  void reference(Sequence& s, int64_t prefix_blocks);  // shares its first `prefix_blocks`
  void publish_prompt(Sequence& s);  // moves its full prompt blocks into the cache
  void release_shared(Sequence& s);  // drops its references (preemption, completion)
  // Takes blocks for one decode token of every decoding request, preempting from the back
  // of the running batch until they fit. Returns false if nothing is left to decode.
  bool make_room_for_decode();
  void preempt_last();
  void admit_and_chunk(int64_t& budget);
  // Admits the pulled requests whose KV has landed (they need no step of their own), then
  // reserves blocks for the transferred requests at the front of the queue whose KV fits
  // (above the watermark, within the batch-size limit) and reports their pulls.
  void admit_transferred(SimTime now);
  // Plans a run of decode steps of every decoding request, preempting from the back of the
  // batch if the first step's KV blocks do not fit.
  std::optional<SimTime> start_decode_run(SimTime now, size_t waiting_before);
  int64_t attended(int64_t context) const;
  void complete_finished(SimTime now);
  void report_busy_until(SimTime now);
  // Blocks `s` would hold with the last token of its reserved output stored (the client's
  // max_tokens, else its true output; its shared prefix included): what reserve_full_length
  // reserves at admission and releases when it leaves.
  int64_t full_length_blocks(const Sequence& s) const {
    return kv_.blocks_for(
        kv_.stored_tokens(s, s.request.prompt_tokens + s.request.reserved_output_tokens() - 1));
  }
  // reserve_full_length on a replica that decodes (prefill-only replicas never reserve).
  bool reserving() const { return config_.reserve_full_length && !config_.prefill_only; }
  // With reserve_full_length, whether `s` can be admitted beside the reservations already
  // made (always true without it); reserve/release keep reserved_blocks_ in step.
  bool full_length_fits(const Sequence& s) const {
    return !reserving() || reserved_blocks_ + full_length_blocks(s) <=
                               config_.total_blocks - config_.watermark_blocks;
  }
  void reserve_full_length(const Sequence& s) {
    if (reserving()) reserved_blocks_ += full_length_blocks(s);
  }
  void release_full_length(const Sequence& s) {
    if (reserving()) reserved_blocks_ -= full_length_blocks(s);
  }

  ReplicaConfig config_;
  // Requests that may run at once: max_batch_size, or fewer when a step's token budget
  // cannot hold that many decodes (see ReplicaConfig::max_batch_tokens); at least 1.
  int64_t max_running_ = 0;
  ReplicaObserver* observer_;
  std::deque<Sequence> waiting_;
  std::vector<Sequence> running_;  // in admission order; preemption takes from the back
  // Transferred requests with blocks reserved, their KV on its way or landed; pull order.
  struct Pull {
    Sequence sequence;
    int64_t id = 0;
    bool landed = false;
  };
  std::vector<Pull> pulling_;
  int64_t next_pull_id_ = 0;
  int64_t free_blocks_ = 0;
  int64_t reserved_blocks_ = 0;  // whole-length reservations of the admitted requests
  int64_t window_ = 0;
  KvLayout kv_;
  Plan plan_;
  PrefixCache cache_;  // off unless prefix_caching
  // KV of handed-off requests not yet sent, oldest first: their own blocks and the prefix
  // ids whose cache entries they still reference.
  struct SendingKv {
    int64_t blocks = 0;
    std::vector<uint64_t> shared_ids;
  };
  std::deque<SendingKv> sending_;
  mutable RunBlocks run_blocks_;  // a cache: reset whenever a plan starts
};

}  // namespace aidcsim
