#!/usr/bin/env bash
# Runs examples/quickstart.yaml (one minute-scale serving scenario; the built-in example is a
# whole day, too long to run three times under the sanitizers) twice into two folders and checks that summary.json and
# timeseries.csv are byte-identical (same scenario + seed -> same results), and that a
# different seed changes summary.json (so the check is not vacuous).
# Usage: determinism.sh AIDCSIM_BINARY
set -eu
aidcsim=$1
here=$(cd "$(dirname "$0")" && pwd)
example="$here/../examples/quickstart.yaml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$aidcsim" run "$example" -o "$work/a" --no-progress >/dev/null
"$aidcsim" run "$example" -o "$work/b" --no-progress >/dev/null
cmp "$work/a/summary.json" "$work/b/summary.json"
cmp "$work/a/timeseries.csv" "$work/b/timeseries.csv"
sed 's/^seed: .*/seed: 43/' "$work/a/scenario.resolved.yaml" > "$work/other-seed.yaml"
"$aidcsim" run "$work/other-seed.yaml" -o "$work/c" --no-progress >/dev/null
if cmp -s "$work/a/summary.json" "$work/c/summary.json"; then
  echo "a different seed gave the same summary.json" >&2
  exit 1
fi
# The site figures too: the built-in example (a site block) cut to 30 minutes, run twice.
sed "s/^duration: 24 h/duration: 30 min/" "$here/../examples/essonne-phase1.yaml" > "$work/site.yaml"
"$aidcsim" run "$work/site.yaml" -o "$work/s1" --no-progress >/dev/null
"$aidcsim" run "$work/site.yaml" -o "$work/s2" --no-progress >/dev/null
cmp "$work/s1/summary.json" "$work/s2/summary.json"
cmp "$work/s1/timeseries.csv" "$work/s2/timeseries.csv"
grep -q '"mean_pue"' "$work/s1/summary.json"
# Prefill/decode disaggregation and KV transfers (examples/pd-disaggregation.yaml) too.
"$aidcsim" run "$here/../examples/pd-disaggregation.yaml" -o "$work/p1" --no-progress >/dev/null
"$aidcsim" run "$here/../examples/pd-disaggregation.yaml" -o "$work/p2" --no-progress >/dev/null
cmp "$work/p1/summary.json" "$work/p2/summary.json"
cmp "$work/p1/timeseries.csv" "$work/p2/timeseries.csv"
grep -q '"kv_transfer"' "$work/p1/summary.json"
# Closed-loop clients, whose arrivals follow completions (examples/closed-loop-clients.yaml).
"$aidcsim" run "$here/../examples/closed-loop-clients.yaml" -o "$work/c1" --no-progress >/dev/null
"$aidcsim" run "$here/../examples/closed-loop-clients.yaml" -o "$work/c2" --no-progress >/dev/null
cmp "$work/c1/summary.json" "$work/c2/summary.json"
cmp "$work/c1/timeseries.csv" "$work/c2/timeseries.csv"
# No staged file is left behind.
if ls "$work"/a/*.partial >/dev/null 2>&1; then
  echo "a .partial file was left in the output folder" >&2
  exit 1
fi
echo "determinism: identical summary.json and timeseries.csv across two runs (serving, site," \
  "disaggregated serving, closed-loop clients)"
