#!/usr/bin/env bash
# Fails when a generated documentation page no longer matches the code it comes from; the
# fix is `bash scripts/update-docs.sh`. Usage: docs_current.sh AIDCSIM_BINARY SOURCE_DIR
set -euo pipefail
aidcsim=$1
src=$2
expected=$(mktemp)
trap 'rm -f "$expected"' EXIT
source "$src/scripts/generated-docs.sh"
stale=0
for entry in "${generated_pages[@]}"; do
  IFS='|' read -r page _ subcommand <<<"$entry"
  "$aidcsim" "$subcommand" --explain > "$expected"
  if ! diff <(sed -n '/^```text$/,/^```$/p' "$src/$page" | sed '1d;$d') "$expected" > /dev/null; then
    echo "$page is out of date: run bash scripts/update-docs.sh" >&2
    diff <(sed -n '/^```text$/,/^```$/p' "$src/$page" | sed '1d;$d') "$expected" | head -20 >&2 || true
    stale=1
  else
    echo "$page matches the code"
  fi
done
exit $stale
