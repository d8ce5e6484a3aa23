#include "serving/replica.h"

#include <algorithm>
#include <cassert>

namespace aidcsim {

Replica::Replica(const ReplicaConfig& config, ReplicaObserver* observer)
    : config_(config), observer_(observer), free_blocks_(config.total_blocks) {
  assert(config.model != nullptr && config.block_tokens > 0);
  assert((config.block_tokens & (config.block_tokens - 1)) == 0 && "a power of two");
  kv_.block_tokens = config.block_tokens;
  kv_.block_shift = 0;
  while ((int64_t{1} << kv_.block_shift) < config.block_tokens) ++kv_.block_shift;
  kv_.beam_width = config.beam_width;
  max_running_ = std::max<int64_t>(
      1, std::min(config.max_batch_size, config.max_batch_tokens / config.beam_width));
  window_ = config.model->sliding_window();
  if (config.prefix_caching && config.prefix_block_tokens > 0 &&
      config.prefix_block_tokens % config.block_tokens == 0) {
    cache_ = PrefixCache(config.prefix_block_tokens / config.block_tokens);
  }
}

void Replica::take_blocks(int64_t n) {
  free_blocks_ -= n;
  assert(free_blocks_ >= 0);
  cache_.evict_to(free_blocks_);  // when never-used blocks ran out
}

std::span<const uint64_t> Replica::prefix_ids(const Sequence& s, int64_t from, int64_t to) {
  return std::span<const uint64_t>(s.request.prefix_blocks)
      .subspan(static_cast<size_t>(from), static_cast<size_t>(to - from));
}

int64_t Replica::full_prompt_blocks(const Sequence& s) const {
  return std::min(static_cast<int64_t>(s.request.prefix_blocks.size()),
                  s.request.prompt_tokens / config_.prefix_block_tokens);
}

int64_t Replica::cached_prefix(const Sequence& s, int64_t& evictable) const {
  evictable = 0;
  if (!cache_.enabled()) return 0;
  // Full prompt blocks only, and at least one token to prefill (it produces the next token).
  const int64_t limit =
      std::min(full_prompt_blocks(s), (s.prefill_target - 1) / config_.prefix_block_tokens);
  return cache_.match(prefix_ids(s, 0, limit), evictable);
}

void Replica::reference(Sequence& s, int64_t prefix_blocks) {
  if (prefix_blocks == 0) return;
  free_blocks_ -= cache_.acquire(prefix_ids(s, s.shared_blocks, prefix_blocks));
  s.shared_blocks = prefix_blocks;
  s.shared_tokens = prefix_blocks * config_.prefix_block_tokens;
}

void Replica::publish_prompt(Sequence& s) {
  if (!cache_.enabled()) return;
  const int64_t full = full_prompt_blocks(s);
  if (full <= s.shared_blocks) return;
  free_blocks_ += cache_.insert(prefix_ids(s, s.shared_blocks, full));
  s.blocks -= (full - s.shared_blocks) * cache_.entry_blocks();
  s.shared_blocks = full;
  s.shared_tokens = full * config_.prefix_block_tokens;
}

void Replica::release_shared(Sequence& s) {
  free_blocks_ += cache_.release(prefix_ids(s, 0, s.shared_blocks));
  s.shared_blocks = 0;
  s.shared_tokens = 0;
}

void Replica::enqueue(Request r) {
  assert(r.output_tokens >= 1);  // finish() relies on it
  Sequence s;
  s.request = std::move(r);
  s.prefill_target = r.prompt_tokens;
  waiting_.push_back(std::move(s));
}

void Replica::enqueue_transferred(Sequence s) {
  assert(s.transferred_tokens > 0 && s.blocks == 0 && s.shared_blocks == 0 && s.kv_tokens == 0);
  s.prefill_target = s.transferred_tokens;
  waiting_.push_back(std::move(s));
}

void Replica::kv_landed(int64_t pull_id, SimTime now) {
  for (Pull& p : pulling_) {
    if (p.id == pull_id) {
      p.landed = true;
      p.sequence.kv_arrived = now;
      p.sequence.handed_over = true;
      return;
    }
  }
  assert(false && "kv_landed: no such pull");
}

void Replica::admit_transferred(SimTime now) {
  size_t kept = 0;
  for (size_t k = 0; k < pulling_.size(); ++k) {
    Pull& p = pulling_[k];
    if (p.landed) {
      Sequence& s = p.sequence;
      s.kv_tokens = s.transferred_tokens;
      s.transferred_tokens = 0;
      running_.push_back(std::move(s));
    } else {
      if (kept != k) pulling_[kept] = std::move(p);
      ++kept;
    }
  }
  pulling_.resize(kept);
  while (!waiting_.empty() && waiting_.front().transferred_tokens > 0 &&
         static_cast<int64_t>(running_.size() + pulling_.size()) < max_running_) {
    Sequence& w = waiting_.front();
    const int64_t blocks = kv_.blocks_for(w.transferred_tokens);
    if (free_blocks_ - blocks < config_.watermark_blocks || !full_length_fits(w)) break;
    reserve_full_length(w);
    take_blocks(blocks);
    w.blocks = blocks;
    pulling_.push_back(Pull{std::move(w), next_pull_id_++, false});
    waiting_.pop_front();
    observer_->on_pull(pulling_.back().sequence, pulling_.back().id, now);
  }
}

int64_t Replica::attended(int64_t context) const {
  return window_ > 0 ? std::min(context, window_) : context;
}

void Replica::preempt_last() {
  Sequence s = std::move(running_.back());
  running_.pop_back();
  release_full_length(s);
  free_blocks_ += s.blocks;
  s.blocks = 0;
  release_shared(s);
  s.kv_tokens = 0;
  // Recompute: the prompt and every token generated so far are prefilled again; the step
  // that completes that prefill produces the next token.
  s.prefill_target = s.request.prompt_tokens + s.generated;
  ++s.preemptions;
  observer_->on_preemption();
  waiting_.push_front(std::move(s));
}

bool Replica::make_room_for_decode() {
  const KvLayout kv = kv_;  // in registers: the loops below write through Sequence refs
  for (;;) {
    int64_t needed = 0;
    bool any = false;
    for (const Sequence& s : running_) {
      if (s.prefilling()) continue;
      any = true;
      // 1 when its last block is full (more when beams outnumber a block's tokens)
      needed += kv.own_blocks_for(s, s.kv_tokens + 1) - s.blocks;
    }
    if (!any) return false;
    if (needed <= free_blocks_) break;
    preempt_last();
  }
  // Take the blocks now, so prefill chunks planned for the same step cannot use them.
  for (Sequence& s : running_) {
    if (s.prefilling()) continue;
    const int64_t extra = kv.own_blocks_for(s, s.kv_tokens + 1) - s.blocks;
    take_blocks(extra);
    s.blocks += extra;
  }
  return true;
}

void Replica::admit_and_chunk(int64_t& budget) {
  const KvLayout kv = kv_;  // in registers: the loops below write through Sequence refs
  const BatchingRules& rules = config_.rules;
  // Prompts already being prefilled in chunks continue first, in admission order.
  if (rules.chunked_prefill) {
    for (size_t i = 0; i < running_.size() && budget > 0; ++i) {
      Sequence& s = running_[i];
      if (!s.prefilling()) continue;
      int64_t chunk = std::min(s.prefill_target - s.kv_tokens, budget);
      const int64_t room = kv_.max_kv_tokens(s, s.blocks + free_blocks_) - s.kv_tokens;
      chunk = std::min(chunk, room);
      if (chunk <= 0) continue;
      const int64_t extra = kv.own_blocks_for(s, s.kv_tokens + chunk) - s.blocks;
      take_blocks(extra);
      s.blocks += extra;
      plan_.chunks.push_back(Chunk{i, chunk});
      budget -= chunk;
    }
  }
  if (rules.admit_only_when_idle && !running_.empty()) return;
  while (!waiting_.empty() && budget > 0 && static_cast<int64_t>(running_.size()) < max_running_) {
    Sequence& w = waiting_.front();
    if (w.transferred_tokens > 0) break;  // waits for KV room (admit_transferred)
    assert(w.kv_tokens == 0 && w.blocks == 0 && w.shared_blocks == 0);
    int64_t evictable = 0;  // cached blocks it would share that count as free now
    const int64_t hit_blocks = cached_prefix(w, evictable);
    const int64_t hit_tokens = hit_blocks * config_.prefix_block_tokens;
    const int64_t need = w.prefill_target - hit_tokens;
    // Without chunked prefill a prompt must fit one step's budget; arrivals over it are
    // rejected, but a preempted request recomputes its prompt and generated tokens, which may
    // exceed it: such a prefill runs alone in a step (or it would wait for ever).
    const bool oversized = !rules.chunked_prefill && need > config_.max_batch_tokens &&
                           budget == config_.max_batch_tokens;
    if (!rules.chunked_prefill && need > budget && !oversized) break;
    const int64_t chunk = oversized ? need : std::min(need, budget);
    // Its first `hit_tokens` (prompt tokens) are shared, the rest its own.
    const int64_t blocks = kv_.blocks_for(kv_.stored_tokens(w, hit_tokens + chunk) - hit_tokens);
    if (free_blocks_ - evictable - blocks < config_.watermark_blocks) break;
    if (!full_length_fits(w)) break;
    reserve_full_length(w);
    if (cache_.enabled()) observer_->on_prefix_lookup(w.prefill_target, hit_tokens);
    reference(w, hit_blocks);
    w.kv_tokens = hit_tokens;
    take_blocks(blocks);
    w.blocks += blocks;
    if (!w.admitted_before) {
      w.admitted_before = true;
      w.first_admitted = plan_.start;
    }
    running_.push_back(std::move(w));
    waiting_.pop_front();
    plan_.chunks.push_back(Chunk{running_.size() - 1, chunk});
    budget -= chunk;
  }
}

std::optional<SimTime> Replica::start(SimTime now) {
  assert(!plan_.active);
  std::vector<Chunk> chunks = std::move(plan_.chunks);  // keeps its memory from step to step
  chunks.clear();
  plan_ = Plan{};
  plan_.chunks = std::move(chunks);
  run_blocks_.built = false;
  plan_.start = now;
  plan_.busy_reported = now;
  const BatchingRules& rules = config_.rules;
  int64_t budget = config_.max_batch_tokens;
  if (!rules.admit_only_when_idle || running_.empty()) admit_transferred(now);
  const size_t waiting_before = waiting_.size();
  bool decode = false;
  if (rules.mixed_steps) {
    decode = make_room_for_decode();
    for (const Sequence& s : running_) budget -= s.prefilling() ? 0 : config_.beam_width;
    budget = std::max<int64_t>(budget, 0);
    // Requests preempted for this step's decodes are not readmitted in the same step.
    if (waiting_.size() == waiting_before) admit_and_chunk(budget);
  } else {
    admit_and_chunk(budget);
    decode = plan_.chunks.empty();  // start_decode_run makes room for the decodes itself
  }
  if (plan_.chunks.empty()) {
    if (!decode) return std::nullopt;
    return start_decode_run(now, waiting_before);
  }
  perf::StepBatch batch;
  int64_t batch_size = 0;
  if (decode) {
    for (const Sequence& s : running_) {
      if (s.prefilling()) continue;
      batch.add_decode(attended(s.kv_tokens + 1));
      ++batch_size;
    }
  }
  for (const Chunk& c : plan_.chunks) {
    batch.add_prefill(c.tokens, running_[c.index].kv_tokens);
    ++batch_size;
  }
  plan_.active = true;
  plan_.decodes_too = decode;
  plan_.end = now + config_.model->step_time(batch);
  plan_.batch_size = batch_size;
  return plan_.end;
}

std::optional<SimTime> Replica::start_decode_run(SimTime now, size_t waiting_before) {
  const KvLayout kv = kv_;  // in registers: the loops below write through Sequence refs
  // One pass gathers what the run needs; a second takes the first step's KV blocks and
  // checks that the whole run's blocks fit (the common case), so the run is planned in two
  // passes over the batch.
  int64_t n = 0, needed = 0, first_completion = INT64_MAX, first_context = 0, growth = 0;
  int64_t window_limit = INT64_MAX;
  for (;;) {
    n = needed = first_context = growth = 0;
    first_completion = window_limit = INT64_MAX;
    for (const Sequence& s : running_) {
      if (s.prefilling()) continue;
      ++n;
      needed += kv.own_blocks_for(s, s.kv_tokens + 1) - s.blocks;
      first_completion = std::min(first_completion, s.request.output_tokens - s.generated);
      first_context += attended(s.kv_tokens + 1);
      if (window_ == 0 || s.kv_tokens + 1 <= window_) {
        ++growth;
        if (window_ > 0) window_limit = std::min(window_limit, window_ - s.kv_tokens);
      }
    }
    if (n == 0) return std::nullopt;
    if (needed <= free_blocks_) break;
    preempt_last();
  }
  // A request preempted just now may be readmitted at the next step boundary (its blocks
  // are free again), so the batch can change there: plan that one step alone.
  const int64_t max_steps = waiting_.size() > waiting_before ? 1 : config_.max_run_steps;
  int64_t steps = std::min({first_completion, window_limit, max_steps});
  take_blocks(needed);
  int64_t run_blocks = 0;
  for (Sequence& s : running_) {
    if (s.prefilling()) continue;
    s.blocks = std::max(s.blocks, kv.own_blocks_for(s, s.kv_tokens + 1));
    run_blocks += kv.own_blocks_for(s, s.kv_tokens + steps) - s.blocks;
  }
  // Stepping one by one tries to admit the first waiting request at every step boundary,
  // and the decodes may evict cached blocks between two boundaries. An eviction that cuts a
  // waiting request's cached prefix short never lets it in where it did not fit before: it
  // needs one block more for each block it no longer shares, and that block was counted
  // free only if it was evictable. With chunked prefill, though, a first chunk cut by the
  // token budget does not grow, so losing evictable shared blocks could let the request in:
  // then the run ends before it would evict.
  const bool keep_cache = cache_.enabled() && config_.rules.chunked_prefill && !waiting_.empty();
  const int64_t room = keep_cache ? free_blocks_ - cache_.evictable_blocks() : free_blocks_;
  if (run_blocks > room) {
    // The last step whose KV blocks still fit (the first one does).
    const auto blocks_needed = [&](int64_t k) {
      int64_t total = 0;
      for (const Sequence& s : running_) {
        if (!s.prefilling()) total += kv.own_blocks_for(s, s.kv_tokens + k) - s.blocks;
      }
      return total;
    };
    int64_t low = 1, high = steps;  // blocks_needed(low) fits, blocks_needed(high) does not
    while (high - low > 1) {
      const int64_t mid = low + (high - low) / 2;
      (blocks_needed(mid) <= room ? low : high) = mid;
    }
    steps = low;
  }
  plan_.active = true;
  plan_.decode_run = true;
  plan_.steps = steps;
  plan_.first_context = first_context;
  plan_.growth = growth;
  plan_.cost = config_.model->decode_cost(n);
  plan_.end = now + plan_.cost.run(steps, first_context, growth);
  plan_.batch_size = n;
  return plan_.end;
}

std::optional<SimTime> Replica::shorten_for_arrival(SimTime now) {
  if (!plan_.active || !plan_.decode_run || plan_.steps == 1) return std::nullopt;
  if (config_.rules.admit_only_when_idle) return std::nullopt;  // it could not join anyway
  const int64_t k =
      plan_.cost.steps_to_reach(now - plan_.start, plan_.steps, plan_.first_context, plan_.growth);
  if (k >= plan_.steps) return std::nullopt;
  plan_.steps = k;
  plan_.end = plan_.start + plan_.cost.run(k, plan_.first_context, plan_.growth);
  return plan_.end;
}

int64_t Replica::run_step_at(SimTime elapsed) const {
  RunBlocks& c = run_blocks_;
  const auto jump = [&] {
    // The smallest k with run(k) >= elapsed; at run(k) == elapsed step k + 1 has started.
    int64_t k = plan_.cost.steps_to_reach(elapsed, plan_.steps, plan_.first_context, plan_.growth);
    if (plan_.cost.run(k, plan_.first_context, plan_.growth) == elapsed) ++k;
    k = std::min(k, plan_.steps);
    c.step = k;
    c.step_begin = plan_.cost.run(k - 1, plan_.first_context, plan_.growth);
    c.step_end = plan_.cost.run(k, plan_.first_context, plan_.growth);
  };
  if (c.step == 0 || elapsed < c.step_begin) {
    jump();
  } else {
    // Walk forward a few steps (each O(1)); bisect when `elapsed` is further on.
    for (int walked = 0; c.step_end <= elapsed && c.step < plan_.steps; ++walked) {
      if (walked == 8) {
        jump();
        break;
      }
      c.step_begin = c.step_end;
      ++c.step;
      c.step_end += plan_.cost.step(plan_.first_context + plan_.growth * (c.step - 1));
    }
  }
  return std::min(c.step, plan_.steps);
}

int64_t Replica::blocks_in_use(SimTime now) const {
  const int64_t used = config_.total_blocks - free_blocks_;
  if (!plan_.active || !plan_.decode_run) return used;
  RunBlocks& c = run_blocks_;
  const int64_t block = config_.block_tokens;
  if (!c.built) {
    c.built = true;
    c.n = c.extra = 0;
    c.step = 0;
    c.at_least.assign(static_cast<size_t>(block) + 1, 0);
    for (const Sequence& s : running_) {
      if (s.prefilling()) continue;
      ++c.n;
      const int64_t stored = kv_.stored_tokens(s, s.kv_tokens) - s.shared_tokens;
      c.extra += (stored >> kv_.block_shift) + 1 - s.blocks;
      ++c.at_least[static_cast<size_t>(stored & (block - 1))];
    }
    for (int64_t x = block - 1; x >= 0; --x) {
      c.at_least[static_cast<size_t>(x)] += c.at_least[static_cast<size_t>(x) + 1];
    }
  }
  // The first step's blocks are already taken; steps 2..k add theirs.
  const int64_t k = run_step_at(now - plan_.start);
  const int64_t big_m = config_.beam_width * k - 1;
  const int64_t taken = c.n * (big_m >> kv_.block_shift) + c.extra +
                        c.at_least[static_cast<size_t>(block - (big_m & (block - 1)))];
#ifndef NDEBUG
  const KvLayout& kv = kv_;
  int64_t by_loop = 0;
  for (const Sequence& s : running_) {
    if (!s.prefilling()) by_loop += kv.own_blocks_for(s, s.kv_tokens + k) - s.blocks;
  }
  assert(taken == by_loop);
#endif
  return used + taken;
}

void Replica::report_busy_until(SimTime now) {
  if (now > plan_.busy_reported) {
    observer_->on_busy(now - plan_.busy_reported, plan_.batch_size, !plan_.decode_run);
    plan_.busy_reported = now;
  }
}

void Replica::credit_until(SimTime now) {
  if (!plan_.active) return;
  report_busy_until(now);
  if (!plan_.decode_run) return;
  // Steps of the run finished by `now`: the largest j with run(j) <= now - start.
  const SimTime elapsed = now - plan_.start;
  int64_t low = plan_.credited, high = plan_.steps;
  while (low < high) {
    const int64_t mid = low + (high - low + 1) / 2;
    if (plan_.cost.run(mid, plan_.first_context, plan_.growth) <= elapsed) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  observer_->on_output_tokens((low - plan_.credited) * plan_.batch_size);
  plan_.credited = low;
}

void Replica::finish(SimTime now) {
  const KvLayout kv = kv_;  // in registers: the loops below write through Sequence refs
  assert(plan_.active && now == plan_.end);
  int64_t tokens = 0;
  // A request produced its last token, or (prefill-only replica) its first: it leaves.
  bool completed = false;
  const auto advance_decoding = [&](int64_t steps) {
    // The blocks are taken at once: the pool only shrinks here, so evicting for the total
    // evicts what evicting for each request in turn would.
    int64_t taken = 0;
    for (Sequence& s : running_) {
      if (s.prefilling()) continue;
      s.kv_tokens += steps;
      s.generated += steps;
      const int64_t blocks = kv.own_blocks_for(s, s.kv_tokens) - s.blocks;
      assert(blocks >= 0);
      taken += blocks;
      s.blocks += blocks;
      tokens += steps;
      completed |= s.generated >= s.request.output_tokens;
    }
    take_blocks(taken);
  };
  if (plan_.decode_run) {
    advance_decoding(plan_.steps);
    tokens -= plan_.credited * plan_.batch_size;
  } else {
    if (plan_.decodes_too) advance_decoding(1);  // before the chunks: they are not decoding
    for (const Chunk& c : plan_.chunks) {
      Sequence& s = running_[c.index];
      s.kv_tokens += c.tokens;
      if (!s.prefilling()) {
        publish_prompt(s);
        if (s.generated == 0) s.first_token = now;
        ++s.generated;
        ++tokens;
        completed |= s.generated >= s.request.output_tokens || config_.prefill_only;
      }
    }
  }
  assert(free_blocks_ >= 0);
  report_busy_until(plan_.end);
  observer_->on_steps(plan_.batch_size, plan_.steps, plan_.end - plan_.start);
  observer_->on_output_tokens(tokens);
  plan_.active = false;
  // Every request wants at least one token, so only one that advanced here can be complete
  // (or, prefilled, leave a prefill-only replica).
  if (completed) complete_finished(now);
}

void Replica::complete_finished(SimTime now) {
  size_t kept = 0;
  for (size_t i = 0; i < running_.size(); ++i) {
    Sequence& s = running_[i];
    if (s.generated >= s.request.output_tokens) {
      release_full_length(s);
      free_blocks_ += s.blocks;
      s.blocks = 0;
      observer_->on_complete(s, now);
      release_shared(s);
    } else if (config_.prefill_only && !s.prefilling()) {
      const auto shared = prefix_ids(s, 0, s.shared_blocks);
      sending_.push_back(SendingKv{s.blocks, std::vector<uint64_t>(shared.begin(), shared.end())});
      s.blocks = 0;
      s.shared_blocks = 0;
      s.shared_tokens = 0;
      s.transferred_tokens = s.kv_tokens;
      s.kv_tokens = 0;
      observer_->on_prefilled(std::move(s), now);
    } else {
      if (kept != i) running_[kept] = std::move(s);
      ++kept;
    }
  }
  running_.resize(kept);
}

void Replica::release_oldest_sent() {
  assert(!sending_.empty());
  SendingKv& sent = sending_.front();
  free_blocks_ += sent.blocks + cache_.release(sent.shared_ids);
  sending_.pop_front();
}

}  // namespace aidcsim
