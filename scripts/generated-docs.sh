# The documentation pages generated from the code: page|title|subcommand whose --explain
# prints the page's body. Sourced by scripts/update-docs.sh and tests/docs_current.sh.
# shellcheck disable=SC2034
generated_pages=(
  "docs/scenario-reference.md|Scenario file reference|validate"
  "docs/plan-reference.md|Site plan file reference|plan"
)
