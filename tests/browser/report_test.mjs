// Opens aidcsim HTML reports in headless Chromium (Debian's package, driven by playwright-core
// from tools/report) and checks that every chart rendered (a canvas with something drawn on
// it, or a bar chart with bars), that the page logged no console error and threw no error,
// and that it made no network request. Keeps a full-page screenshot of each report.
// Usage: node report_test.mjs TOOLS_DIR CHROMIUM SCREENSHOT_DIR REPORT.html:MIN_CHARTS[:TITLE,...]...
// (TITLE: a chart that must be there.) Exit 0 when every report passes, 1 otherwise.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, chromium, shotDir, ...reports] = process.argv.slice(2);
const { chromium: browserType } = createRequire(join(resolve(toolsDir), "package.json"))("playwright-core");

const failures = [];
const fail = (report, what) => failures.push(`${report}: ${what}`);
const profile = mkdtempSync(join(tmpdir(), "aidcsim-chromium-"));
const context = await browserType.launchPersistentContext(profile, {
  executablePath: chromium,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const spec of reports) {
    const [file, minCharts, titles] = spec.split(":");
    const name = basename(file);
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("blob:")) {
        problems.push(`network request: ${url}`);
      }
    });
    // Anything but the file itself is refused, so a stray request fails fast here too.
    await page.route((url) => url.protocol !== "file:" && url.protocol !== "data:", (route) => route.abort());
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
    await page.waitForTimeout(200);
    const charts = await page.$$eval("[data-chart]", (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        const canvas = e.querySelector("canvas");
        let inked = 0;
        if (canvas && canvas.width > 0 && canvas.height > 0) {
          const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) inked++;
        }
        const bars = [...e.querySelectorAll(".bar")].filter((b) => b.getBoundingClientRect().width > 0).length;
        return { title: e.dataset.chart, width: r.width, height: r.height, inked, bars,
          series: e.querySelectorAll(".u-legend .u-series").length };
      }));
    // Markup in names (the fixture's scenario name holds <b>) must show as text.
    if ((await page.$$("b")).length > 0) fail(name, "markup from the data became elements");
    for (const p of problems) fail(name, p);
    if (charts.length < Number(minCharts)) fail(name, `${charts.length} charts, expected at least ${minCharts}`);
    for (const c of charts) {
      if (c.width <= 0 || c.height <= 0) fail(name, `chart "${c.title}" has no size`);
      else if (c.inked === 0 && c.bars === 0) fail(name, `chart "${c.title}" drew nothing`);
    }
    for (const t of (titles || "").split(",").filter(Boolean)) {
      if (!charts.some((c) => c.title === t)) fail(name, `no chart "${t}"`);
    }
    const shot = join(shotDir, name.replace(/\.html$/, ".png"));
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`${name}: ${charts.length} charts rendered (${charts.map((c) => c.title).join("; ")})`);
    console.log(`${name}: screenshot ${shot}`);
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`${reports.length - new Set(failures.map((f) => f.split(":")[0])).size} passed, ${new Set(failures.map((f) => f.split(":")[0])).size} failed`);
process.exit(failures.length ? 1 : 0);
