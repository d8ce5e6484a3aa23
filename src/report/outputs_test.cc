// Checks the output files: canonical number formatting (9 significant digits, no "-0"),
// summary.json holds only simulated figures (no wall time), and the staged write leaves the
// four files and no temporary ones.
#include "report/outputs.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace aidcsim {
namespace {

TEST(Outputs, CanonicalNumbersDropFloatNoise) {
  EXPECT_EQ(canonical(0.1 + 0.2), 0.3);  // 0.30000000000000004 -> 0.3
  EXPECT_EQ(canonical(123456789012.0), 123456789000.0);
  EXPECT_EQ(canonical(-0.0), 0.0);
  EXPECT_FALSE(std::signbit(canonical(-1e-300 * 1e-300)));
}

LoadedScenario tiny_scenario() {
  return load_scenario(
      "name: tiny\nservices:\n  - name: a\n    model: llama-3-8b\n    system: hgx-h100-8\n",
      "tiny.yaml", Catalog::built_in());
}

RunResult fake_result() {
  RunResult r;
  r.deployments.push_back(ServiceDeployment{"a", 1, 1000, 16e9});
  ServiceResult s;
  s.name = "a";
  s.arrived = s.completed = 2;
  s.ttft_s.add(0.5);
  s.ttft_s.add(1.5);
  r.serving.services.push_back(s);
  r.serving.horizon = SimTime::from_s(10);
  r.serving.end_time = SimTime::from_s(12);
  return r;
}

TEST(Outputs, SummaryHoldsSimulatedFiguresOnly) {
  const std::string json = summary_json(tiny_scenario(), fake_result());
  EXPECT_NE(json.find("\"completed\": 2"), std::string::npos);
  EXPECT_NE(json.find("\"requests_per_s\": 0.2"), std::string::npos);  // 2 requests / 10 s
  EXPECT_EQ(json.find("wall"), std::string::npos);
}

// Rates are over the served span: t = 0 to the end of arrivals or the last completion,
// whichever is later. Offline (all arrivals at t = 0, duration 1 ms) with the last of 2
// requests done at 4 s: 0.5 requests/s, not 2 / 1 ms.
TEST(Outputs, RatesAreOverTheServedSpan) {
  RunResult r = fake_result();
  r.serving.horizon = SimTime::from_ms(1);
  r.serving.services[0].last_completion = SimTime::from_s(4);
  const std::string json = summary_json(tiny_scenario(), r);
  EXPECT_NE(json.find("\"requests_per_s\": 0.5"), std::string::npos);
  EXPECT_NE(json.find("\"span_s\": 4"), std::string::npos);
}

TEST(Outputs, WritesAllFilesAndNoTemporaryOnes) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "aidcsim_outputs_test";
  fs::remove_all(dir);
  write_run_outputs(dir.string(), tiny_scenario(), fake_result(), RunInfo{1.0, 10, "test"});
  for (const char* f :
       {"summary.json", "runinfo.json", "timeseries.csv", "scenario.resolved.yaml"}) {
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_NE(entry.path().extension(), ".partial") << entry.path();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace aidcsim
