// Checks the pairing of summary.json figures for `aidcsim compare`: every numeric leaf by
// path, services keyed by name (so a reordered list still pairs), figures only one side has,
// CDF point lists left out, and the change and relative change.
#include "report/compare.h"

#include <gtest/gtest.h>

namespace aidcsim {
namespace {

using Json = nlohmann::ordered_json;

TEST(Compare, PairsEveryNumericLeafByPath) {
  const Json a = Json::parse(R"({"scenario":{"name":"a","seed":1,"duration_s":60},
    "services":[{"name":"chat","ttft_s":{"p99":2.0,"cdf":[[0.1,0.01]]}},
                {"name":"code","steps":10}]})");
  const Json b = Json::parse(R"({"scenario":{"name":"b","seed":1,"duration_s":60},
    "services":[{"name":"code","steps":15},{"name":"chat","ttft_s":{"p99":1.0}}],
    "site":{"mean_pue":1.2}})");
  const std::vector<FigureDiff> d = diff_numeric_leaves(a, b);
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0].path, "scenario.seed");
  EXPECT_EQ(d[1].path, "scenario.duration_s");
  EXPECT_EQ(d[2].path, "services[chat].ttft_s.p99");
  EXPECT_EQ(*d[2].a, 2.0);
  EXPECT_EQ(*d[2].b, 1.0);
  EXPECT_EQ(*d[2].change(), -1.0);
  EXPECT_EQ(*d[2].relative_change(), -0.5);
  EXPECT_EQ(d[3].path, "services[code].steps");
  EXPECT_EQ(*d[3].relative_change(), 0.5);
  EXPECT_EQ(d[4].path, "site.mean_pue");
  EXPECT_FALSE(d[4].a.has_value());
  EXPECT_FALSE(d[4].change().has_value());
}

TEST(Compare, UnnamedArrayElementsAreKeyedByIndexAndZeroHasNoRelativeChange) {
  const Json a = Json::parse(R"({"v":[0, 3]})");
  const Json b = Json::parse(R"({"v":[1, 3]})");
  const std::vector<FigureDiff> d = diff_numeric_leaves(a, b);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].path, "v[0]");
  EXPECT_FALSE(d[0].relative_change().has_value());
  EXPECT_EQ(*d[1].change(), 0.0);
}

TEST(Compare, TableAndJson) {
  const std::vector<FigureDiff> d = {{"x.y", 2.0, 3.0}, {"z", std::nullopt, 1.0}};
  const std::string table = format_diff_table(d, "A-dir", "B-dir");
  EXPECT_NE(table.find("A: A-dir"), std::string::npos);
  EXPECT_NE(table.find("+50.0%"), std::string::npos);
  const Json j = Json::parse(figure_diffs_json(d));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["change"], 1.0);
  EXPECT_TRUE(j[1]["a"].is_null());
}

}  // namespace
}  // namespace aidcsim
