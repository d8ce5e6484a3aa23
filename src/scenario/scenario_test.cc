// Checks scenario loading: the built-in example is valid; the resolved echo is a fixed point
// (loading it again gives the same text, so a run can be reproduced from its echo); errors
// are located and all reported; the key reference covers every key.
#include "scenario/scenario.h"

#include <gtest/gtest.h>

namespace aidcsim {
namespace {

LoadedScenario load(const std::string& text) {
  return load_scenario(text, "test.yaml", Catalog::built_in());
}

TEST(Scenario, BuiltInExampleIsValid) {
  const LoadedScenario s = load(std::string(built_in_example_scenario()));
  // examples/essonne-phase1.yaml: two services on the essonne site for a day.
  EXPECT_EQ(s.scenario.name, "essonne-phase1");
  ASSERT_EQ(s.scenario.services.size(), 2u);
  EXPECT_EQ(s.scenario.services[0].model, "mistral-large-2-123b");
  EXPECT_EQ(s.scenario.duration, SimTime::from_s(86400));
  ASSERT_TRUE(s.site.has_value());
  EXPECT_EQ(s.site->spec.name, "essonne");
}

TEST(Scenario, ResolvedEchoIsAFixedPoint) {
  const LoadedScenario first = load(std::string(built_in_example_scenario()));
  const LoadedScenario second = load(first.resolved_yaml);
  EXPECT_EQ(first.resolved_yaml, second.resolved_yaml);
  // Defaults appear in the echo even though the example does not set them.
  EXPECT_NE(first.resolved_yaml.find("max_batch_tokens: 8192"), std::string::npos);
  EXPECT_NE(first.resolved_yaml.find("drain_limit: 10 min"), std::string::npos);
  EXPECT_NE(first.resolved_yaml.find("start: 2023-07-14T00:00Z"), std::string::npos);
}

TEST(Scenario, EveryErrorIsReportedWithItsLocation) {
  const std::string text =
      "name: x\n"
      "duration: 5 MW\n"
      "services:\n"
      "  - name: a\n"
      "    model: llama-3-8\n"
      "    system: hgx-h100-8\n"
      "    routr: round-robin\n";
  try {
    load(text);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const auto& d = e.diagnostics();
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].where.line, 2);
    EXPECT_EQ(d[0].key_path, "duration");
    EXPECT_EQ(d[1].where.line, 5);
    EXPECT_NE(d[1].message.find("did you mean \"llama-3-8b\""), std::string::npos) << d[1].message;
    EXPECT_EQ(d[2].key_path, "services[0].routr");
    EXPECT_NE(d[2].message.find("did you mean \"router\""), std::string::npos);
  }
}

TEST(Scenario, ExplainCoversEveryKey) {
  const std::string text = explain_scenario_keys();
  for (const char* key :
       {"seed", "duration", "services[].model", "services[].workload.rate",
        "services[].workload.prompt_tokens.stddev", "services[].slo.ttft", "output.interval"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace aidcsim
