// Checks the HTML reports: one self-contained file (no script, style or image fetched from
// anywhere, the library and data inlined), everything inlined escaped so that a scenario
// name or YAML holding `</script>` or `<` cannot break the page, and the SOURCES.md rows of
// the catalog entries a run used.
#include "report/html_report.h"

#include <gtest/gtest.h>

#include <regex>

#include "report/catalog_used.h"
#include "report/compare.h"

namespace aidcsim {
namespace {

const char* kHostile = "x</script><script>alert(1)</script><!-- & '\"";

RunReportInput sample_input() {
  RunReportInput in;
  in.title = kHostile;
  in.summary_json = std::string(R"({"scenario":{"name":")") +
                    "x<\\/script><script>alert(1)<\\/script><!-- & '\\\"" +
                    R"(","seed":1,"duration_s":60},"services":[{"name":"chat</script>",)"
                    R"("ttft_s":{"count":2,"p50":0.1,"p90":0.2,"p99":0.3,"max":0.4}}]})";
  in.timeseries_csv = "time_s,chat</script>.arrived\n0,1\n";
  in.resolved_yaml = "name: \"</script></pre><b>\"\n";
  in.catalog_entries = {{"model", "mistral-7b", {"hf-mistral-7b-v0-1"}}};
  return in;
}

// Every element that could make the browser fetch something.
void expect_self_contained(const std::string& html) {
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  const std::regex remote(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, remote));
  const std::regex css_url(R"(url\(\s*["']?(https?:)?//)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, css_url));
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, IsOneSelfContainedFile) {
  const std::string html = run_report_html(sample_input());
  expect_self_contained(html);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find("uPlot"), std::string::npos);  // the library is inlined
  EXPECT_NE(html.find("id=\"aidcsim-data\""), std::string::npos);
  EXPECT_GT(html.size(), 40'000u);
}

TEST(HtmlReport, EscapesEverythingInlined) {
  const std::string html = run_report_html(sample_input());
  // Three script elements (data, library, report script) and no fourth from the data.
  EXPECT_EQ(count(html, "<script"), 3u);
  EXPECT_EQ(count(html, "</script>"), 3u);
  EXPECT_EQ(count(html, "<pre>"), 1u);
  EXPECT_EQ(count(html, "</pre>"), 1u);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  EXPECT_NE(html.find("<title>aidcsim report: x&lt;/script&gt;&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("name: &quot;&lt;/script&gt;&lt;/pre&gt;&lt;b&gt;&quot;"), std::string::npos);
  EXPECT_NE(html.find(R"(chat\u003c/script\u003e)"), std::string::npos);
}

TEST(HtmlReport, EscapeHelpers) {
  EXPECT_EQ(escape_html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(json_for_script(R"({"a":"</script>&"})"), R"({"a":"\u003c/script\u003e\u0026"})");
}

TEST(HtmlReport, QuotesTheSourceRowsOfTheEntriesUsed) {
  const std::string rows = source_rows_json({"hf-mistral-7b-v0-1", "no-such-id"});
  EXPECT_NE(rows.find("\"hf-mistral-7b-v0-1\""), std::string::npos);
  EXPECT_NE(rows.find("Mistral-7B-v0.1 config.json"), std::string::npos);
  EXPECT_EQ(rows.find("no-such-id"), std::string::npos);
  const std::string html = run_report_html(sample_input());
  EXPECT_NE(html.find("Mistral-7B-v0.1 config.json"), std::string::npos);
}

TEST(HtmlReport, ListsTheCatalogEntriesOfTheServices) {
  const LoadedScenario loaded = load_scenario(
      "name: tiny\nservices:\n  - name: a\n    model: llama-3-8b\n    system: hgx-h100-8\n",
      "tiny.yaml", Catalog::built_in());
  const std::vector<CatalogEntryUsed> used = catalog_entries_used(loaded, "{}");
  ASSERT_GE(used.size(), 3u);
  EXPECT_EQ(used[0].kind, "model");
  EXPECT_EQ(used[0].name, "llama-3-8b");
  EXPECT_FALSE(used[0].source.empty());
  EXPECT_EQ(used[1].kind, "system");
  EXPECT_EQ(used[2].kind, "accelerator");
}

TEST(HtmlReport, ComparisonIsSelfContainedAndEscaped) {
  const CompareSide a{"out/a</script>", R"({"x":1})", ""};
  const CompareSide b{"out/b", R"({"x":2})", "time_s,x\n0,1\n"};
  const auto diffs = diff_numeric_leaves(nlohmann::ordered_json::parse(a.summary_json),
                                         nlohmann::ordered_json::parse(b.summary_json));
  const std::string html = compare_report_html(a, b, figure_diffs_json(diffs));
  expect_self_contained(html);
  EXPECT_EQ(count(html, "</script>"), 3u);
  EXPECT_NE(html.find("data-mode=\"compare\""), std::string::npos);
}

}  // namespace
}  // namespace aidcsim
