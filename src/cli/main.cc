// aidcsim: the command-line entry point. The one place where exceptions become exit codes:
// 0 ok, 1 internal error, 2 bad input (InputError, or a command line CLI11 rejects).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/command.h"
#include "cli/version.h"
#include "core/diagnostics.h"

int main(int argc, char** argv) {
  using namespace aidcsim;
  CLI::App app{
      "aidcsim: a digital twin of AI datacenters, from the grid to the token.\n"
      "Run `aidcsim run` for the built-in example, `aidcsim SUBCOMMAND --help` for details."};
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1);
  cli::CommandContext ctx;
  cli::add_run_command(app, ctx);
  cli::add_validate_command(app, ctx);
  cli::add_catalog_command(app, ctx);
  cli::add_plan_command(app, ctx);
  cli::add_compare_command(app, ctx);
  cli::add_report_command(app, ctx);
  cli::add_perf_commands(app, ctx);
  if (argc == 1) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return ctx.action ? ctx.action() : 0;
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics())
      std::fprintf(stderr, "error: %s\n", d.format().c_str());
    if (e.diagnostics().size() > 1) {
      std::fprintf(stderr, "%zu errors\n", e.diagnostics().size());
    }
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\nPlease report it with the command and input.\n",
                 e.what());
    return 1;
  }
}
