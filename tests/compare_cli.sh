#!/usr/bin/env bash
# `aidcsim compare`: two runs of examples/quickstart.yaml with different seeds give a table
# with every headline figure and a compare.html; a folder without summary.json is bad input
# (exit 2, with a message naming the folder).
# Usage: compare_cli.sh AIDCSIM_BINARY SOURCE_DIR
set -eu
aidcsim=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$aidcsim" run "$src/examples/quickstart.yaml" -o "$work/a" --no-progress >/dev/null
sed 's/^seed: .*/seed: 43/' "$work/a/scenario.resolved.yaml" >"$work/other-seed.yaml"
"$aidcsim" run "$work/other-seed.yaml" -o "$work/b" --no-progress >/dev/null
"$aidcsim" compare "$work/a" "$work/b" -o "$work/cmp" >"$work/table.txt"
for figure in scenario.seed "services\[chat\].ttft_s.p99" "services\[chat\].throughput.output_tokens_per_s"; do
  if ! grep -q "^$figure " "$work/table.txt"; then
    echo "the comparison table has no row $figure:" >&2
    cat "$work/table.txt" >&2
    exit 1
  fi
done
grep -q "^scenario.seed .* 42 .* 43 .* 1 .*+2.4%" "$work/table.txt" || {
  echo "wrong seed row: $(grep '^scenario.seed' "$work/table.txt")" >&2
  exit 1
}
test -s "$work/cmp/compare.html"
mkdir "$work/empty"
set +e
"$aidcsim" compare "$work/a" "$work/empty" >/dev/null 2>"$work/err.txt"
code=$?
set -e
if [[ $code -ne 2 ]] || ! grep -q "empty.*no summary.json" "$work/err.txt"; then
  echo "a folder without summary.json: exit $code, stderr: $(cat "$work/err.txt")" >&2
  exit 1
fi
echo "compare: table and compare.html for two runs; exit 2 for a folder without summary.json"
