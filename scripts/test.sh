#!/usr/bin/env bash
# The one test command (npm test): lint, type-check, then the suites, each with its own count.
# Integration and e2e run once per dialect: sqlite always, mysql when MYSQL_URL is set (required
# under CI=true). Both start the app as a shop does (launcher/start.mjs → the esbuild bundle).
set -uo pipefail
cd "$(dirname "$0")/.."

results_dir=$(mktemp -d)
trap 'rm -rf "$results_dir"' EXIT
status=0

step() { printf '\n=== %s\n' "$1"; }

step "lint (biome)"
npx biome check . || status=1

step "type-check (tsc --noEmit)"
npx tsc --noEmit -p . || status=1

if [ "${CI:-}" = "true" ] && [ -z "${MYSQL_URL:-}" ]; then
  echo "CI=true but MYSQL_URL is not set: the MySQL suite must run in CI" >&2
  status=1
fi

run_suite_project() {
  local label=$1 project=$2; shift 2
  step "suite: $label"
  env "$@" npx vitest run --project "$project" --reporter=default --reporter=json \
    --outputFile.json="$results_dir/$label.json" || status=1
}

run_suite_project unit unit
run_suite_project integration-sqlite integration TEST_DIALECTS=sqlite
if [ -n "${MYSQL_URL:-}" ]; then
  run_suite_project integration-mysql integration TEST_DIALECTS=mysql
else
  echo "(MYSQL_URL not set: the MySQL integration suite is not run; CI sets it)"
fi
run_suite_project e2e-sqlite e2e E2E_DIALECT=sqlite
if [ -n "${MYSQL_URL:-}" ]; then
  run_suite_project e2e-mysql e2e E2E_DIALECT=mysql
else
  echo "(MYSQL_URL not set: the MySQL end-to-end suite is not run; CI sets it)"
fi

step "summary"
node scripts/test-summary.mjs "$results_dir" || status=1
exit $status
