#include <fmt/format.h>

#include <filesystem>

#include "scenario/section_schemas.h"
#include "workload/trace_file.h"

namespace aidcsim {

using schema::FieldOptions;
using schema::ObjectSchema;

namespace {

// Zipf draws use a table of every value in [min, max] (8 bytes each).
constexpr int64_t kMaxZipfValues = 1'000'000;

// Defaults: lognormal with the Azure conversation trace's mean and standard deviation
// (data/SOURCES.md azure-llm-trace-2023), so a workload that names no lengths is valid.
std::shared_ptr<const ObjectSchema<LengthSpec>> length_schema(const std::string& what,
                                                              const std::string& mean_default,
                                                              const std::string& stddev_default) {
  auto s = std::make_shared<ObjectSchema<LengthSpec>>("distribution of " + what);
  s->field("distribution", &LengthSpec::distribution,
           "shape of the distribution: fixed (always `mean`), uniform on [min, max], lognormal "
           "(`mean`, `stddev`), zipf (min + rank - 1, P(rank) ~ 1/rank^exponent) or empirical "
           "(the lengths of the workload's `trace`, drawn with the other length of the same row)",
           {.default_text = "lognormal",
            .choices = {"fixed", "uniform", "lognormal", "zipf", "empirical"}})
      .field("mean", &LengthSpec::mean, "mean tokens (fixed: the value)",
             {.default_text = mean_default, .min = 1.0})
      .field("stddev", &LengthSpec::stddev, "standard deviation in tokens (lognormal)",
             {.default_text = stddev_default, .min = 0.0})
      .field("min", &LengthSpec::min, "smallest value; draws below are raised to it",
             {.default_text = "1", .min = 1})
      .field("max", &LengthSpec::max, "largest value; draws above are lowered to it",
             {.default_text = "32768", .min = 1})
      .field("exponent", &LengthSpec::exponent,
             "zipf exponent s: the value of rank k has probability proportional to 1/k^s",
             {.default_text = "1", .min = 0.0, .max = 10.0, .min_exclusive = true})
      .check("max",
             [](const LengthSpec& l) -> std::string {
               return l.min <= l.max ? "" : fmt::format("min ({}) exceeds max ({})", l.min, l.max);
             })
      .check("stddev",
             [](const LengthSpec& l) -> std::string {
               return l.distribution != "lognormal" || l.stddev > 0
                          ? ""
                          : "a lognormal distribution needs a stddev above 0";
             })
      .check("max", [](const LengthSpec& l) -> std::string {
        return l.distribution != "zipf" || l.max - l.min < kMaxZipfValues
                   ? ""
                   : fmt::format("a zipf distribution spans at most {} values: max - min is {}",
                                 kMaxZipfValues, l.max - l.min);
      });
  return s;
}

std::shared_ptr<const ObjectSchema<TraceSpec>> trace_schema() {
  auto s = std::make_shared<ObjectSchema<TraceSpec>>(
      "a request trace file, read as a stream (one row at a time)");
  s->field("format", &TraceSpec::format,
           "azure (TIMESTAMP,ContextTokens,GeneratedTokens CSV), mooncake (JSON lines with "
           "timestamp in ms, input_length, output_length, hash_ids), csv (arrival_s,"
           "prompt_tokens,output_tokens) or auto (told from the first line)",
           {.default_text = "auto", .choices = {"auto", "azure", "mooncake", "csv"}})
      .field("path", &TraceSpec::path,
             "the trace file, relative to this scenario file's folder; empty: no trace",
             {.default_text = "\"\""})
      .field("skip_bad_rows", &TraceSpec::skip_bad_rows,
             "skip corrupt rows and count them instead of stopping at the first one",
             {.default_text = "false"});
  return s;
}

std::shared_ptr<const ObjectSchema<DiurnalSpec>> diurnal_schema() {
  auto s = std::make_shared<ObjectSchema<DiurnalSpec>>(
      "rate over the day (arrival: diurnal): rate * (1 + a cos(2 pi (hour - peak_hour) / 24)), "
      "a = (peak_to_trough - 1) / (peak_to_trough + 1); the daily mean stays `rate`");
  s->field("peak_hour", &DiurnalSpec::peak_hour, "hour of the day with the highest rate",
           {.default_text = "14", .min = 0.0, .max = 24.0})
      .field("peak_to_trough", &DiurnalSpec::peak_to_trough,
             "highest rate / lowest rate over the day (above 1 for arrival: diurnal)",
             {.default_text = "1", .min = 1.0, .max = 1e6})
      .field("start_hour", &DiurnalSpec::start_hour, "hour of the day at the start of the run",
             {.default_text = "0", .min = 0.0, .max = 24.0});
  return s;
}

bool uses_trace(const WorkloadSpec& s) {
  return s.arrival == "trace" || s.prompt_tokens.distribution == "empirical" ||
         s.output_tokens.distribution == "empirical";
}

// A check that a time of closed-loop clients is left at zero under other arrival processes.
std::function<std::string(const WorkloadSpec&)> closed_loop_only(std::string key,
                                                                 SimTime WorkloadSpec::*member) {
  return [key = std::move(key), member](const WorkloadSpec& s) -> std::string {
    return s.arrival == "closed" || s.*member == SimTime::zero()
               ? ""
               : fmt::format("{} applies to arrival: closed only (arrival is {})", key, s.arrival);
  };
}

}  // namespace

std::shared_ptr<const ObjectSchema<WorkloadSpec>> workload_schema() {
  auto w = std::make_shared<ObjectSchema<WorkloadSpec>>("the requests a service receives");
  // Default lengths: the Azure LLM inference trace 2023, conversation service (Patel et al.,
  // Splitwise, ISCA 2024): prompt mean 1155 tokens, output mean 211 (shared/data README).
  w->field("arrival", &WorkloadSpec::arrival,
           "arrival process: poisson (random, at `rate`), gamma (inter-arrival coefficient of "
           "variation `cv`: above 1 is burstier than poisson), diurnal (poisson with a rate "
           "following the day, see `diurnal`), offline (all `requests` at t = 0), closed "
           "(`concurrency` clients, each sending its next request `think_time` after the previous "
           "one completed, as a benchmark client at a fixed concurrency) or trace (arrival times "
           "and lengths from `trace`)",
           {.default_text = "poisson",
            .choices = {"poisson", "gamma", "diurnal", "offline", "closed", "trace"}})
      .field("rate", &WorkloadSpec::rate, "mean arrival rate (poisson, gamma, diurnal)",
             {.default_text = "1 /s"})
      .field("cv", &WorkloadSpec::cv,
             "gamma: coefficient of variation of the times between arrivals (1 = poisson)",
             {.default_text = "1", .min = 0.0, .max = 20.0, .min_exclusive = true})
      .object("diurnal", &WorkloadSpec::diurnal, diurnal_schema(), "daily rate profile")
      .field("requests", &WorkloadSpec::requests,
             "number of requests (offline); otherwise a cap, 0 meaning until the end of "
             "`duration`",
             {.default_text = "0", .min = 0})
      .field("concurrency", &WorkloadSpec::concurrency,
             "arrival: closed: number of clients, each with one request in flight at a time",
             {.default_text = "0", .min = 0, .max = 10'000'000})
      .field("think_time", &WorkloadSpec::think_time,
             "arrival: closed: time a client waits after its request completed before "
             "sending its next (a client whose request is rejected stops)",
             {.default_text = "0 s", .min = 0.0})
      .field("ramp_up", &WorkloadSpec::ramp_up,
             "arrival: closed: the clients send their first requests evenly spread over this "
             "time (client k of N at k / N of it); 0: all at t = 0",
             {.default_text = "0 s", .min = 0.0})
      .object("prompt_tokens", &WorkloadSpec::prompt_tokens,
              length_schema("prompt lengths", "1155", "1109"), "prompt (input) length in tokens")
      .object("output_tokens", &WorkloadSpec::output_tokens,
              length_schema("output lengths", "211", "163"), "output (generated) length in tokens")
      .field("max_tokens", &WorkloadSpec::max_tokens,
             "the max_tokens clients send with each request (0: none): longer outputs stop "
             "there, and kv_admission: reserve-full reserves the prompt plus this many output "
             "tokens (as TensorRT-LLM does with the request's max_tokens) instead of the true "
             "output length",
             {.default_text = "0", .min = 0})
      .object("trace", &WorkloadSpec::trace, trace_schema(),
              "request trace (arrival: trace, or empirical length distributions)")
      .field("rate_scale_to", &WorkloadSpec::rate_scale_to,
             "arrival: trace: compress or stretch the trace's time so that its mean rate "
             "(requests - 1 over the span from first to last) becomes this; absent: as recorded",
             {.min = 0.0, .min_exclusive = true})
      .field("random_stream", &WorkloadSpec::random_stream,
             "name of the random streams arrivals and lengths are drawn from (absent: the "
             "service's name): services with the same workload and stream get the same "
             "requests, for comparisons on identical traffic",
             {.default_text = "\"\""})
      .check("requests",
             [](const WorkloadSpec& s) -> std::string {
               return s.arrival != "offline" || s.requests > 0
                          ? ""
                          : "offline arrival needs requests >= 1";
             })
      .check("rate",
             [](const WorkloadSpec& s) -> std::string {
               const bool needs_rate =
                   s.arrival == "poisson" || s.arrival == "gamma" || s.arrival == "diurnal";
               return !needs_rate || s.rate.base > 0
                          ? ""
                          : fmt::format("{} arrival needs a rate > 0", s.arrival);
             })
      .check("concurrency",
             [](const WorkloadSpec& s) -> std::string {
               if (s.arrival == "closed") {
                 return s.concurrency > 0 ? "" : "closed arrival needs concurrency >= 1 (clients)";
               }
               return s.concurrency == 0 ? ""
                                         : fmt::format(
                                               "concurrency applies to arrival: closed only "
                                               "(arrival is {})",
                                               s.arrival);
             })
      .check("think_time", closed_loop_only("think_time", &WorkloadSpec::think_time))
      .check("ramp_up", closed_loop_only("ramp_up", &WorkloadSpec::ramp_up))
      .check("cv",
             [](const WorkloadSpec& s) -> std::string {
               return s.arrival == "gamma" || s.cv == 1.0
                          ? ""
                          : fmt::format("cv applies to arrival: gamma only (arrival is {})",
                                        s.arrival);
             })
      .check("diurnal",
             [](const WorkloadSpec& s) -> std::string {
               return s.arrival != "diurnal" || s.diurnal.peak_to_trough > 1.0
                          ? ""
                          : "diurnal arrival needs diurnal.peak_to_trough above 1 (1 is a flat "
                            "rate: use arrival: poisson)";
             })
      .check("trace",
             [](const WorkloadSpec& s) -> std::string {
               if (uses_trace(s) && s.trace.path.empty()) {
                 return s.arrival == "trace"
                            ? "arrival: trace needs trace.path (the trace file)"
                            : "an empirical length distribution needs trace.path (the trace "
                              "whose lengths it draws)";
               }
               if (!uses_trace(s) && !s.trace.path.empty()) {
                 return "trace.path is given but nothing uses it: set arrival: trace, or "
                        "distribution: empirical under prompt_tokens or output_tokens";
               }
               return "";
             })
      .check("rate_scale_to", [](const WorkloadSpec& s) -> std::string {
        return !s.rate_scale_to || s.arrival == "trace"
                   ? ""
                   : "rate_scale_to applies to arrival: trace only (use `rate` otherwise)";
      });
  return w;
}

// Resolves the workload's file paths against the folder of the scenario file (ctx.file) and
// reads its trace, if any, through once in constant memory (workload/trace_file.h). Every
// problem is reported at the scenario line naming the trace (`trace.path`), with the trace's
// own file:line in the message. Call after the workload parsed without error.
void check_workload_files(WorkloadSpec& spec, const YAML::Node& workload_node,
                          const std::string& key_path, const schema::Context& ctx) {
  spec.base_dir = std::filesystem::path(ctx.file).parent_path().string();
  if (spec.trace.path.empty()) return;
  try {
    check_workload_inputs(spec);
  } catch (const InputError& e) {
    YAML::Node at = workload_node;
    if (workload_node.IsMap() && workload_node["trace"] && workload_node["trace"].IsMap() &&
        workload_node["trace"]["path"]) {
      at = workload_node["trace"]["path"];
    }
    for (const Diagnostic& d : e.diagnostics()) {
      ctx.error(at, key_path + ".trace.path", d.format());
    }
  }
}

}  // namespace aidcsim
