#!/usr/bin/env bash
# Regenerates the documentation pages that come from the code (the single sources of truth):
#   docs/scenario-reference.md   from the scenario schema  (`aidcsim validate --explain`)
#   docs/plan-reference.md       from the site plan schema (`aidcsim plan --explain`)
# tests/docs_current.sh fails when a page is out of date. Usage: update-docs.sh [AIDCSIM]
set -euo pipefail
cd "$(dirname "$0")/.."
aidcsim=${1:-./build/release/src/cli/aidcsim}
source scripts/generated-docs.sh
for entry in "${generated_pages[@]}"; do
  IFS='|' read -r page title subcommand <<<"$entry"
  {
    echo "# $title"
    echo
    echo "Generated from the code by \`scripts/update-docs.sh\` (the same text as"
    echo "\`aidcsim $subcommand --explain\`); do not edit by hand."
    echo
    echo '```text'
    "$aidcsim" "$subcommand" --explain
    echo '```'
  } > "$page"
  echo "wrote $page"
done
# The validation tables, when the benches are built and the shared data is there.
bench_dir=$(dirname "$(dirname "$(dirname "$aidcsim")")")/bench
if [[ -d ../shared/data ]]; then
  for entry in "${generated_blocks[@]}"; do
    IFS='|' read -r page command <<<"$entry"
    read -r -a words <<<"$command"
    if [[ -x "$bench_dir/${words[0]}" ]]; then
      "$bench_dir/${words[0]}" "${words[@]:1}" | python3 scripts/replace-generated-block.py "$page"
      echo "wrote the table of $page"
    else
      echo "skipped the table of $page: build $bench_dir/${words[0]} first" >&2
    fi
  done
fi
