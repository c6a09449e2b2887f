#!/usr/bin/env bash
# Accuracy on pasta daily and on the two weekly stand-ins (bench/make-standins.py), every model side by side, by the
# evaluation protocol. Usage: bash bench/accuracy-suite.sh [pasta.long.csv] [--tune]
#   --tune   the windows just before the scored ones (constants are chosen there, never on the scored windows)
set -euo pipefail
src="${1:-../shared/data/pasta/pasta.long.csv}"
suffix=""
if [[ "${2:-}" == "--tune" ]]; then suffix=".tune"; fi
dir=.tmp/standins
python3 bench/make-standins.py "$src" "$dir" >/dev/null
daily="$src"
if [[ -n "$suffix" ]]; then daily="$dir/daily.tune.csv"; fi
models="snaive,ets,croston,classical,auto"
echo "## pasta daily (H 28, W 4)"
npx tsx bench/accuracy.ts "$daily" --horizon 28 --windows 4 --models "$models"
echo "## pasta weekly stand-in: 118 SKUs x 140 weeks, promo + holiday flags (H 13, W 3)"
npx tsx bench/accuracy.ts "$dir/weekly$suffix.csv" --horizon 13 --windows 3 --models "$models"
echo "## intermittent weekly stand-in: 118 SKUs x 156 weeks, 45% zeros, no covariates (H 8, W 4)"
npx tsx bench/accuracy.ts "$dir/intermittent$suffix.csv" --horizon 8 --windows 4 --models "$models"
