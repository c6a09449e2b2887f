#!/usr/bin/env bash
# By-hand check (not part of npm test: it needs LibreOffice, `apt-get install -y libreoffice-calc-nogui`): the
# workbooks the command line writes open in LibreOffice Calc, and every cell LibreOffice shows equals what we wrote.
# It also has LibreOffice save a workbook of its own and reads that back through `trendcast forecast`.
#   bash test/cli/libreoffice-check.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
command -v soffice > /dev/null || { echo "soffice not found: apt-get install -y libreoffice-calc-nogui"; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
node bin/trendcast.js forecast samples/sample-sales.xlsx --sheet Sales --model ets --horizon 14 --out "$WORK/forecast.xlsx" > /dev/null 2>&1
node bin/trendcast.js demo --model snaive --out "$WORK/demo.xlsx" > /dev/null 2>&1
export HOME="$WORK/home"   # a fresh LibreOffice profile
for book in forecast demo; do
  # Filter option token 12 = -1: one CSV per sheet, named <book>-<Sheet>.csv.
  soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' --outdir "$WORK/csv" "$WORK/$book.xlsx" > /dev/null 2>&1
  npx tsx test/cli/libreoffice-compare.ts "$WORK/$book.xlsx" "$WORK/csv"
done
# The other way: LibreOffice writes an .xlsx (from the sample CSV), and our reader takes it.
cp samples/sample-sales.csv "$WORK/lo-input.csv"
soffice --headless --convert-to xlsx --outdir "$WORK/lo" "$WORK/lo-input.csv" > /dev/null 2>&1
node bin/trendcast.js forecast "$WORK/lo/lo-input.xlsx" --model ets --horizon 7 --no-backtest --out "$WORK/from-lo.csv"
echo "OK: LibreOffice opens Trendcast's workbooks with the same values, and Trendcast reads LibreOffice's"
