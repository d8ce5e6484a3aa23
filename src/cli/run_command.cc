#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/command.h"
#include "cli/version.h"
#include "core/schema.h"
#include "report/catalog_used.h"
#include "report/html_report.h"
#include "report/outputs.h"
#include "scenario/run.h"

namespace aidcsim::cli {
namespace {

struct RunOptions {
  std::string scenario_file;
  std::string output_dir;
  bool progress = false;
  bool no_progress = false;
  bool step_mode = false;
  bool per_request = false;
};

// `count` per second of `span`; 0 over an empty span.
double per_second_over(uint64_t count, SimTime span) {
  return span > SimTime::zero() ? static_cast<double>(count) / span.seconds() : 0.0;
}

void print_summary(const LoadedScenario& loaded, const RunResult& result, const std::string& dir) {
  fmt::print("{}: {} of arrivals, last event at {:.1f} s; rates over each service's span (to "
             "the end of arrivals or its last completion, whichever is later)\n",
             loaded.scenario.name, format_duration(result.serving.horizon),
             result.serving.end_time.seconds());
  fmt::print("{:<12} {:>9} {:>11} {:>10} {:>10} {:>10} {:>10} {:>8}\n", "service", "completed",
             "out tok/s", "TTFT p50", "TTFT p99", "TPOT p50", "TPOT p99", "SLO met");
  for (const ServiceResult& r : result.serving.services) {
    fmt::print(
        "{:<12} {:>9} {:>11.0f} {:>9.3f}s {:>9.3f}s {:>8.1f}ms {:>8.1f}ms {:>7.1f}%\n", r.name,
        r.completed, per_second_over(r.output_tokens, r.served_span(result.serving.horizon)),
        r.ttft_s.quantile(0.5), r.ttft_s.quantile(0.99), 1e3 * r.tpot_s.quantile(0.5),
        1e3 * r.tpot_s.quantile(0.99),
        r.arrived ? 100.0 * static_cast<double>(r.met_slo) / static_cast<double>(r.arrived) : 0.0);
    if (r.unfinished > 0 || r.rejected > 0) {
      fmt::print(
          "  warning: {} request(s) unfinished at the end; {} rejected (longer than a "
          "replica's KV cache or, without chunked prefill, a prompt over "
          "max_batch_tokens)\n",
          r.unfinished, r.rejected);
    }
    if (r.pools.size() > 1) {
      std::string pools;
      for (const ServiceResult::Pool& p : r.pools) {
        pools += fmt::format("{}{} {:.0f}% busy", pools.empty() ? "" : "; ", p.name,
                             100.0 * p.busy_fraction(result.serving.end_time));
        if (p.completed > 0) pools += fmt::format(", {} completed", p.completed);
      }
      fmt::print("  pools: {}\n", pools);
    }
    if (r.kv_transfers > 0) {
      fmt::print(
          "  KV transfers: {} ({:.1f} GB), p50 {:.2f} ms, p99 {:.2f} ms; first token to KV "
          "landed p50 {:.2f} ms, p99 {:.2f} ms\n",
          r.kv_transfers, r.kv_transfer_bytes / 1e9, 1e3 * r.kv_transfer_s.quantile(0.5),
          1e3 * r.kv_transfer_s.quantile(0.99), 1e3 * r.kv_handoff_s.quantile(0.5),
          1e3 * r.kv_handoff_s.quantile(0.99));
    }
  }
  if (result.site) {
    const SiteRunResult& site = *result.site;
    const SiteLayout& layout = site.layout;
    int64_t gpus = 0;
    for (const SiteLoad& l : layout.loads) gpus += l.systems * l.system->accelerators_per_system;
    fmt::print(
        "site {} {}: {} GPUs; design day {:.1f} MW of {:.1f} MW; energy {:.1f} MWh (IT {:.1f}), "
        "PUE {:.3f}, peak {:.2f} MW, {:.2f} tCO2e, energy {:.0f} EUR{}\n",
        loaded.site->spec.name, loaded.site->spec.phases[loaded.site->phase_index].name, gpus,
        layout.design_facility_w / 1e6, layout.grid_capacity_w / 1e6,
        site.facility_energy_j / 3.6e9, site.it_energy_j / 3.6e9, site.mean_pue(),
        site.peak_facility_w / 1e6, site.emissions_g / 1e6, site.energy_cost_eur,
        site.cost_breakdown_eur
            ? fmt::format(", all costs {:.0f} EUR", site.cost_breakdown_eur->total_eur())
            : "");
    if (layout.power_cap_fraction < 1.0) {
      fmt::print(
          "  power cap: the layout needs {:.1f} MW at the design day; accelerators capped at "
          "{:.0f}% of TDP to fit the grid connection\n",
          layout.uncapped_design_facility_w / 1e6, 100.0 * layout.power_cap_fraction);
    }
  }
  fmt::print(
      "results in {}/ (report.html, summary.json, timeseries.csv, scenario.resolved.yaml, "
      "runinfo.json)\n",
      dir);
}

// Writes `text` to the staged name of `name` in `dir` (renamed by write_run_outputs).
void write_staged(const std::string& dir, const std::string& name, const std::string& text) {
  std::ofstream out(staged_path(dir, name), std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    throw InputError(SourceLocation{staged_path(dir, name), 0, 0}, "cannot write the output file");
  }
}

// "1h 02m", "3m 04s" or "5.2s": a wall-clock duration in seconds.
std::string wall_text(double seconds) {
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h {:02}m", s / 3600, s / 60 % 60);
  return fmt::format("{}m {:02}s", s / 60, s % 60);
}

// "2d 03:04:05" or "03:04:05": a simulated time, to the second.
std::string clock_text(SimTime t) {
  const int64_t s = t.ns() / 1'000'000'000;
  const std::string hms = fmt::format("{:02}:{:02}:{:02}", s / 3600 % 24, s / 60 % 60, s % 60);
  return s >= 86400 ? fmt::format("{}d {}", s / 86400, hms) : hms;
}

// "2.3M", "418k" or "950": a rate.
std::string rate_text(double per_s) {
  if (per_s >= 1e6) return fmt::format("{:.1f}M", per_s / 1e6);
  if (per_s >= 1e3) return fmt::format("{:.0f}k", per_s / 1e3);
  return fmt::format("{:.0f}", per_s);
}

// The progress line on stderr: simulated time against the scenario's duration, wall time,
// events per second and an estimate of the wall time left (from the simulated time done so
// far; requests still in flight after the duration are shown as draining). On a terminal,
// one line rewritten at most five times a second; elsewhere (--progress), a line every 2 s.
ProgressCallback progress_line(SimTime total, std::chrono::steady_clock::time_point start,
                               bool terminal) {
  auto last_print = std::make_shared<double>(-1.0);
  return [total, start, last_print, terminal](SimTime now, uint64_t events) {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (*last_print >= 0.0 && wall - *last_print < (terminal ? 0.2 : 2.0)) return;
    *last_print = wall;
    const double done =
        total.ns() > 0 ? static_cast<double>(now.ns()) / static_cast<double>(total.ns()) : 1.0;
    std::string eta = "ETA -";
    if (done >= 1.0) {
      eta = "draining";
    } else if (done > 0.0) {
      eta = "ETA " + wall_text(wall * (1.0 - done) / done);
    }
    std::fprintf(stderr, "%s  simulated %s of %s (%.0f%%), wall %s, %s events/s, %s%s",
                 terminal ? "\r\033[K" : "", clock_text(now).c_str(), clock_text(total).c_str(),
                 100.0 * std::min(done, 1.0), wall_text(wall).c_str(),
                 rate_text(wall > 0 ? static_cast<double>(events) / wall : 0.0).c_str(),
                 eta.c_str(), terminal ? "" : "\n");
    std::fflush(stderr);
  };
}

int run(const CommandContext& ctx, const RunOptions& opts) {
  const bool built_in = opts.scenario_file.empty();
  const std::string text = built_in ? std::string(built_in_example_scenario())
                                    : schema::read_input_file(opts.scenario_file);
  const std::string name =
      built_in ? "<built-in example: examples/essonne-phase1.yaml>" : opts.scenario_file;
  const LoadedScenario loaded = load_scenario(text, name, ctx.load_catalog());
  const std::string dir = opts.output_dir.empty() ? "out/" + loaded.scenario.name : opts.output_dir;

  const bool terminal = isatty(STDERR_FILENO) != 0;
  const bool show_progress = !opts.no_progress && (opts.progress || terminal);
  const auto start = std::chrono::steady_clock::now();
  ProgressCallback progress;
  if (show_progress) progress = progress_line(loaded.scenario.duration, start, terminal);
  RunControls controls{progress, opts.step_mode, nullptr};
  std::ofstream per_request;
  std::vector<std::string> staged;
  if (opts.per_request) {
    make_output_dir(dir);
    per_request.open(staged_path(dir, "per_request.csv"), std::ios::binary | std::ios::trunc);
    if (!per_request) {
      throw InputError(SourceLocation{staged_path(dir, "per_request.csv"), 0, 0},
                       "cannot write the per-request output");
    }
    per_request << per_request_csv_header();
    controls.on_request = [&](const std::string& service, const Sequence& s, SimTime done) {
      per_request << per_request_csv_row(service, s, done);
    };
    staged.push_back("per_request.csv");
  }
  const RunResult result = run_scenario(loaded, controls);
  if (per_request.is_open()) {
    per_request.close();
    if (!per_request) {
      throw InputError(SourceLocation{staged_path(dir, "per_request.csv"), 0, 0},
                       "cannot write the per-request output");
    }
  }
  if (show_progress && terminal) std::fputs("\r\033[K", stderr);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The HTML report, built from the same text as the other outputs and renamed with them.
  make_output_dir(dir);
  const std::string summary = summary_json(loaded, result);
  write_staged(
      dir, "report.html",
      run_report_html(RunReportInput{loaded.scenario.name, summary, timeseries_csv(loaded, result),
                                     loaded.resolved_yaml, catalog_entries_used(loaded, summary),
                                     service_slos(loaded)}));
  staged.push_back("report.html");
  write_run_outputs(dir, loaded, result,
                    RunInfo{wall, result.serving.events, std::string(kVersion)}, staged);
  print_summary(loaded, result, dir);
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, CommandContext& ctx) {
  auto* sub = app.add_subcommand(
      "run",
      "Simulate a scenario and write its results. With no file, runs the built-in example "
      "(examples/essonne-phase1.yaml). Writes DIR/report.html (charts and figures in one file that "
      "opens in any browser, no network needed), DIR/summary.json (simulated results; identical "
      "for the same scenario and seed), DIR/timeseries.csv, DIR/scenario.resolved.yaml and "
      "DIR/runinfo.json (wall-clock figures). On a terminal, a progress line on stderr shows "
      "simulated time, wall time, events/s and the estimated time left.");
  auto opts = std::make_shared<RunOptions>();
  sub->add_option("scenario", opts->scenario_file,
                  "scenario file (YAML); see `aidcsim validate --explain`");
  sub->add_option("-o,--output", opts->output_dir, "output folder (default: out/<scenario name>)");
  sub->add_flag("--progress", opts->progress,
                "show the progress line on stderr even when it is not a terminal");
  sub->add_flag("--no-progress", opts->no_progress, "never show the progress line");
  sub->add_flag(
      "--per-request", opts->per_request,
      "also write DIR/per_request.csv: one row per completed request (arrival, "
      "lengths, queueing, TTFT, TPOT, end-to-end, preemptions; for a disaggregated service, "
      "the time from the first token to the KV landing at the decode replica)");
  sub->add_flag("--step-mode", opts->step_mode,
                "simulate every decode step as its own event instead of closed-form runs "
                "(slower; same results: a check of the fast path)");
  add_catalog_option(*sub, ctx);
  sub->callback([&ctx, opts] { ctx.action = [&ctx, opts] { return run(ctx, *opts); }; });
}

}  // namespace aidcsim::cli
