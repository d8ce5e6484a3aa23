#!/usr/bin/env bash
# Runs `aidcsim SUBCOMMAND FILE` on every malformed input listed in CASES/expected.tsv and
# checks, for each: exit code 2 (bad input, not a crash: a signal gives 128+N, an internal
# error 1), every error line located as "error: FILE:LINE", and the expected fragment present.
# For `validate`, a 50 MB scenario is generated here rather than committed.
# Usage: run_bad_inputs.sh AIDCSIM_BINARY SUBCOMMAND CASES_DIR MIN_CASES
set -u
aidcsim=$1
subcommand=$2
cases_dir=$3
min_cases=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cases=$(basename "$cases_dir")
cp -r "$cases_dir" "$work/$cases"
cd "$work"
if [[ $subcommand == validate ]]; then
  # 33: 50 MB of valid-looking YAML, over the 16 MiB input limit.
  {
    echo "name: huge"
    echo "description: >"
    head -c 50000000 /dev/zero | tr '\0' 'a' | fold -w 100 | sed 's/^/  /'
  } > "$cases/33-fifty-megabytes.yaml"
fi

passed=0
failed=0
while IFS=$'\t' read -r file fragment; do
  [[ -z $file || $file == \#* ]] && continue
  path="$cases/$file"
  output=$(timeout 60 "$aidcsim" "$subcommand" "$path" 2>&1 >/dev/null)
  code=$?
  problems=()
  [[ $code -eq 2 ]] || problems+=("exit code $code, expected 2")
  if ! grep -qF -- "$fragment" <<<"$output"; then
    problems+=("missing fragment: $fragment")
  fi
  while IFS= read -r line; do
    case $line in
      "error: $path:"[0-9]*) ;;
      [0-9]*" errors") ;;
      *) problems+=("unlocated line: $line") ;;
    esac
  done <<<"$output"
  if [[ ${#problems[@]} -eq 0 ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $file"
    printf '  %s\n' "${problems[@]}"
    printf '  output: %s\n' "$output"
  fi
done < "$cases/expected.tsv"
echo "aidcsim $subcommand on bad inputs: $passed passed, $failed failed"
[[ $failed -eq 0 && $passed -ge $min_cases ]]
