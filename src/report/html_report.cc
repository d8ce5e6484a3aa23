#include "report/html_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "report/assets.h"

namespace aidcsim {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return std::string(s.substr(first, last - first + 1));
}

// The cells of a Markdown table row "| a | b |" (the outer bars dropped).
std::vector<std::string> table_cells(std::string_view line) {
  std::vector<std::string> cells;
  line.remove_prefix(1);
  while (!line.empty()) {
    const auto bar = line.find('|');
    cells.push_back(trim(line.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    line.remove_prefix(bar + 1);
  }
  if (!cells.empty() && cells.back().empty()) cells.pop_back();
  return cells;
}

// The page around the inlined data; `data` is JSON, `body` already escaped HTML.
std::string page(std::string_view title, std::string_view mode, const std::string& data,
                 std::string_view body) {
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta name=\"generator\" content=\"aidcsim\">\n";
  html += fmt::format("<title>{}</title>\n", escape_html(title));
  html += "<style>\n";
  html += report_assets::uplot_css();
  html += "\n";
  html += report_assets::report_css();
  html += "</style>\n</head>\n";
  html += fmt::format("<body data-mode=\"{}\">\n", escape_html(mode));
  html +=
      "<noscript><p class=\"note\">The charts of this report need JavaScript; the "
      "figures are also in the files next to it.</p></noscript>\n";
  html += "<main id=\"report\"></main>\n";
  html += body;
  html += "<script type=\"application/json\" id=\"aidcsim-data\">";
  html += json_for_script(data);
  html += "</script>\n<script>\n";
  html += report_assets::uplot_js();
  html += "\n</script>\n<script>\n";
  html += report_assets::report_js();
  html += "\n</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string json_for_script(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (const char c : json) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string source_rows_json(const std::vector<std::string>& ids) {
  const std::set<std::string> wanted(ids.begin(), ids.end());
  Json rows = Json::object();
  std::vector<std::string> header;
  std::string_view md = report_assets::sources_md();
  while (!md.empty()) {
    const auto end = md.find('\n');
    const std::string_view line = md.substr(0, end);
    md.remove_prefix(end == std::string_view::npos ? md.size() : end + 1);
    if (line.empty() || line.front() != '|') continue;
    std::vector<std::string> cells = table_cells(line);
    if (cells.empty() || cells.front().starts_with("---")) continue;
    if (cells.front() == "id") {
      header = std::move(cells);
      continue;
    }
    if (!wanted.contains(cells.front()) || rows.contains(cells.front())) continue;
    Json row = Json::object();
    for (size_t i = 1; i < cells.size() && i < header.size(); ++i) row[header[i]] = cells[i];
    rows[cells.front()] = row;
  }
  return dump(rows);
}

std::string run_report_html(const RunReportInput& input) {
  std::vector<std::string> ids;
  Json entries = Json::array();
  for (const CatalogEntryUsed& e : input.catalog_entries) {
    entries.push_back({{"kind", e.kind}, {"name", e.name}, {"source", e.source}});
    ids.insert(ids.end(), e.source.begin(), e.source.end());
  }
  Json data;
  data["title"] = input.title;
  data["uplot_version"] = std::string(report_assets::uplot_version());
  data["summary"] = Json::parse(input.summary_json);
  data["timeseries_csv"] = input.timeseries_csv;
  data["catalog_entries"] = entries;
  Json slos = Json::object();
  for (const ServiceSlo& slo : input.slos) {
    Json j = Json::object();
    if (slo.ttft_s) j["ttft_s"] = *slo.ttft_s;
    if (slo.tpot_s) j["tpot_s"] = *slo.tpot_s;
    slos[slo.service] = j;
  }
  data["scenario_slos"] = slos;
  data["sources"] = Json::parse(source_rows_json(ids));
  const std::string body = fmt::format(
      "<section id=\"scenario\" class=\"card\">\n<h2>Resolved scenario</h2>\n<p class=\"note\">"
      "Every key with its resolved value, as in <code>scenario.resolved.yaml</code>: re-run "
      "it with <code>aidcsim run scenario.resolved.yaml</code>.</p>\n<pre>{}</pre>\n</section>\n",
      escape_html(input.resolved_yaml));
  return page("aidcsim report: " + input.title, "run", dump(data), body);
}

std::string compare_report_html(const CompareSide& a, const CompareSide& b,
                                const std::string& diff_json) {
  Json data;
  data["title"] = a.label + " vs " + b.label;
  data["uplot_version"] = std::string(report_assets::uplot_version());
  for (const auto& [key, side] : {std::pair{"a", &a}, std::pair{"b", &b}}) {
    data[key] = {{"label", side->label},
                 {"summary", Json::parse(side->summary_json)},
                 {"timeseries_csv", side->timeseries_csv}};
  }
  data["diff"] = Json::parse(diff_json);
  return page("aidcsim comparison: " + a.label + " vs " + b.label, "compare", dump(data), "");
}

}  // namespace aidcsim
