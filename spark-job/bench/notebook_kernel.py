#!/usr/bin/env python3
"""The notebook's Python simulation kernel (simstep/simulate, verbatim), timed per asset-day.

Same workload as KernelBenchmark: 30 tickers, 5 days. Prints one line: ns per asset-day.
"""
import random
import sys
import time

ASSETS, DAYS = 30, 5
SIMS = int(sys.argv[1]) if len(sys.argv) > 1 else 4000


def simstep(pf, params, prng):
    def daily_return(sym):
        mean, stddev = params[sym]
        change = (prng.normalvariate(mean, stddev) + 100) / 100.0
        return change
    return dict([(s, daily_return(s) * v) for s, v in pf.items()])


def simulate(seed, pf, params, days):
    from random import Random
    prng = Random()
    prng.seed(seed)
    pf = pf.copy()

    for day in range(days):
        pf = simstep(pf, params, prng)
    return pf


def portfolio_value(pf):
    return sum([v for v in pf.values()])


r = random.Random(1)
tickers = ["T%02d" % i for i in range(ASSETS)]
params = {t: (r.uniform(-0.05, 0.1), r.uniform(1, 5)) for t in tickers}
pf = {t: 1000 * r.randint(1, 1000) * 11.0 for t in tickers}
seeds = [r.randint(0, 1 << 32 - 1) for _ in range(SIMS)]
initial = portfolio_value(pf)

for s in seeds[:200]:  # warm-up
    portfolio_value(simulate(s, pf, params, DAYS))
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter_ns()
    for s in seeds:
        portfolio_value(simulate(s, pf, params, DAYS)) - initial
    best = min(best, time.perf_counter_ns() - t0)
print("%.1f" % (best / (SIMS * ASSETS * DAYS)))
