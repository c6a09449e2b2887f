#!/usr/bin/env python3
"""Weekly stand-ins for the hidden weekly retail sets, built from ../shared/data/pasta (bench only, never shipped).

  python3 bench/make-standins.py ../shared/data/pasta/pasta.long.csv .tmp/standins

Writes (each a long CSV for `trendcast backtest` / score.py):
  weekly.csv           pasta summed to Monday-based weeks, last 140 weeks (~2.7 years, like the hidden set),
                       covariates promo (1 when on promotion 4+ days of the week) and holiday (1 when the store was
                       closed on a day of the week: Christmas, Easter, ...). Scored with H=13, W=3.
  weekly.tune.csv      the same 140-week span ending 39 weeks earlier (tuning windows, disjoint from the scored ones).
  intermittent.csv     weekly pasta thinned (seeded binomial, each unit kept with p so the SKU sells ~1 unit a week),
                       last 156 weeks, no covariates. Scored with H=8, W=4.
  intermittent.tune.csv  the same, ending 32 weeks earlier.
  daily.tune.csv       pasta daily without its last 112 days (the 4 windows before the scored ones).
"""
import csv, datetime as dt, random, sys, os
from collections import defaultdict

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
rows = defaultdict(list)
with open(src) as f:
    r = csv.DictReader(f)
    for row in r:
        rows[row["series_id"]].append((dt.date.fromisoformat(row["date"]), float(row["value"]), int(row["promo"]), int(row["closed"])))

def write(path, series, covs):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series_id", "date", "value"] + covs)
        for sid in sorted(series):
            for rec in series[sid]:
                w.writerow([sid, rec[0].isoformat(), ("%g" % rec[1])] + [str(x) for x in rec[2:2 + len(covs)]])

# daily tune
daily_tune = {sid: recs[:-112] for sid, recs in rows.items()}
write(os.path.join(out, "daily.tune.csv"), daily_tune, ["promo", "closed"])

weekly = {}
for sid, recs in rows.items():
    weeks = defaultdict(lambda: [0.0, 0, 0, 0])
    for d, v, p, c in recs:
        mon = d - dt.timedelta(days=d.weekday())
        wk = weeks[mon]
        wk[0] += v; wk[1] += p; wk[2] += c; wk[3] += 1
    full = sorted((m, w) for m, w in weeks.items() if w[3] == 7)
    weekly[sid] = [(m, w[0], 1 if w[1] >= 4 else 0, 1 if w[2] > 0 else 0) for m, w in full]

def span(series, end_drop, n):
    return {sid: recs[len(recs) - end_drop - n: len(recs) - end_drop] for sid, recs in series.items()}

write(os.path.join(out, "weekly.csv"), span(weekly, 0, 140), ["promo", "holiday"])
write(os.path.join(out, "weekly.tune.csv"), span(weekly, 39, 140), ["promo", "holiday"])

rng = random.Random(20261129)
inter = {}
for sid in sorted(weekly):
    recs = weekly[sid]
    mean = sum(v for _, v, _, _ in recs) / len(recs)
    p = min(1.0, 1.0 / max(mean, 1e-9))
    inter[sid] = [(m, float(sum(1 for _ in range(int(v)) if rng.random() < p)), 0, 0) for m, v, _, _ in recs]
write(os.path.join(out, "intermittent.csv"), span(inter, 0, 156), [])
write(os.path.join(out, "intermittent.tune.csv"), span(inter, 32, 156), [])
z = [v == 0 for recs in span(inter, 0, 156).values() for _, v, _, _ in recs]
print("intermittent zero share %.3f" % (sum(z) / len(z)))
