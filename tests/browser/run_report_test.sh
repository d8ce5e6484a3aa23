#!/usr/bin/env bash
# The browser test of the HTML reports: runs the built-in example (and checks that
# `aidcsim report` rebuilds the same report.html, byte for byte, from the run's files), rebuilds
# the report of a hand-made run folder that has every field the report can show (fixture/), compares the two,
# and opens the three pages in headless Chromium (report_test.mjs). Screenshots stay in
# OUT_DIR. Skips (exit 77) when Chromium, Node.js or tools/report/node_modules is missing:
# `bash scripts/setup.sh` installs them.
# Usage: run_report_test.sh AIDCSIM_BINARY SOURCE_DIR OUT_DIR
set -eu
aidcsim=$1
src=$2
out=$3
chromium=${AIDCSIM_CHROMIUM:-/usr/bin/chromium}
tools=$src/tools/report
rm -rf "$out"
mkdir -p "$out"
"$aidcsim" run -o "$out/run" --no-progress >/dev/null
"$aidcsim" report "$out/run" -o "$out/rebuilt.html" >/dev/null
if ! cmp "$out/run/report.html" "$out/rebuilt.html"; then
  echo "FAIL: aidcsim report rebuilt a different report.html from the run's files"
  exit 1
fi
for need in "$chromium" "$(command -v node || true)" "$tools/node_modules/playwright-core/package.json"; do
  if [[ -z $need || ! -e $need ]]; then
    echo "SKIP: ${need:-node} is missing; run bash scripts/setup.sh to install Chromium, Node.js and tools/report/node_modules"
    exit 77
  fi
done
cp -r "$src/tests/browser/fixture" "$out/fixture"
"$aidcsim" report "$out/fixture" -o "$out/fixture-report.html" >/dev/null
"$aidcsim" compare "$out/run" "$out/fixture" -o "$out/compare" >/dev/null
cp "$out/run/report.html" "$out/run-report.html"
echo "report.html of the built-in example: $(wc -c <"$out/run-report.html") bytes"
exec node "$src/tests/browser/report_test.mjs" "$tools" "$chromium" "$out" \
  "$out/run-report.html:6:Time to first token (CDF),Throughput" \
  "$out/fixture-report.html:21:Site power,PUE and outdoor temperature,Grid carbon intensity and emissions,Energy price and cost,Facility energy by use,Cost breakdown over the run,€ per million tokens,Batch size and KV-cache occupancy,GPU power" \
  "$out/compare/compare.html:4:Time to first token (CDF)"
