#!/usr/bin/env bash
# Every file under examples/ must load: scenarios with `aidcsim validate`, site plans
# (*-plan.yaml) with `aidcsim plan`. A renamed catalog entry or a changed key then fails here,
# not in a newcomer's first run. Usage: examples_valid.sh AIDCSIM_BINARY SOURCE_DIR
set -u
aidcsim=$1
src=$2
failed=0
checked=0
for file in "$src"/examples/*.yaml; do
  case $file in
    *-plan.yaml) command=(plan "$file") ;;
    *) command=(validate "$file") ;;
  esac
  if ! "$aidcsim" "${command[@]}" >/dev/null 2>"${TMPDIR:-/tmp}/examples_valid.err"; then
    echo "FAIL: aidcsim ${command[*]}" >&2
    cat "${TMPDIR:-/tmp}/examples_valid.err" >&2
    failed=$((failed + 1))
  fi
  checked=$((checked + 1))
done
echo "examples_valid: $checked files checked, $failed failed"
[[ $checked -ge 12 && $failed -eq 0 ]]
