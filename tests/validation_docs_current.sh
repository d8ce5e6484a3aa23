#!/usr/bin/env bash
# Fails when a validation table in docs/ no longer matches what its bench prints over
# ../shared/data (the fix: bash scripts/update-docs.sh). Skips (exit 77) without the data.
# Usage: validation_docs_current.sh BENCH_DIR SOURCE_DIR
set -euo pipefail
bench_dir=$1
src=$2
if [[ ! -d "$src/../shared/data" ]]; then
  echo "SKIP: ../shared/data is absent; the validation tables cannot be recomputed"
  exit 77
fi
source "$src/scripts/generated-docs.sh"
printed=$(mktemp)
trap 'rm -f "$printed"' EXIT
stale=0
for entry in "${generated_blocks[@]}"; do
  IFS='|' read -r page command <<<"$entry"
  read -r -a words <<<"$command"
  (cd "$src" && "$bench_dir/${words[0]}" "${words[@]:1}") > "$printed"
  if ! diff <(python3 "$src/scripts/replace-generated-block.py" "$src/$page" --print) "$printed" \
      > /dev/null; then
    echo "the table of $page is out of date: run bash scripts/update-docs.sh" >&2
    diff <(python3 "$src/scripts/replace-generated-block.py" "$src/$page" --print) "$printed" \
      | head -20 >&2 || true
    stale=1
  else
    echo "the table of $page matches ${words[0]}"
  fi
done
exit $stale
