#!/usr/bin/env bash
# By-hand check (not run by CI: it installs from the registry): a copy of the committed tree installed with
# `npm ci --omit=dev` runs the command line with no tsx, TypeScript or other dev tools.
#   bash test/cli/omit-dev-check.sh [--auto]     (--auto also trains the attention model once: a minute or two)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
git -C "$ROOT" archive HEAD | tar -x -C "$WORK"
cd "$WORK"
npm ci --omit=dev --no-audit --no-fund --loglevel=error
for dev in tsx typescript esbuild exceljs; do
  if [ -e "node_modules/$dev" ]; then echo "FAIL: node_modules/$dev is installed with --omit=dev"; exit 1; fi
done
npx trendcast --help > /dev/null
npx trendcast forecast samples/sample-sales.csv --model ets --horizon 14 --out out/f.csv
head -3 out/f.csv
npx trendcast forecast samples/sample-sales.xlsx --sheet Sales --model classical --out out/f.xlsx
set +e
npx trendcast forecast samples/sample-sales.csv --out samples/sample-sales.csv; code=$?
set -e
[ "$code" = 2 ] || { echo "FAIL: writing over the input exited $code, not 2"; exit 1; }
npx trendcast backtest samples/sample-sales.csv --horizon 28 --windows 2 --model ets --out out/bt.csv
npx trendcast simulate samples/sample-sales.csv --periods 28 --lead-time 3 --model snaive --json
npx trendcast demo --model ets > out/demo1.txt
npx trendcast demo --model ets > out/demo2.txt   # a re-run replaces demo's own earlier output
if [ "${1:-}" = "--auto" ]; then npx trendcast forecast samples/sample-sales.csv --model auto --horizon 14 --out out/auto.csv; fi
echo "OK: npm ci --omit=dev, then npx trendcast forecast/backtest/simulate/demo all ran"
