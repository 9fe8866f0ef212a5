#!/usr/bin/env bash
# Scale figure (issue 19): 10^7 paths of the bundled Dow Jones portfolio (every ticker: --sample-fraction 1) over
# 5 days, the job alone on local[2] (a cold JVM), and its `simulating` phase in ns per asset-day per core, beside
# the simulation kernel's own figure (JMH, one thread) measured in the same run. Aim: within 1.5x of the kernel,
# so that Spark adds little.
# Usage: bench/scale.sh [simulations=10000000]      (after ./mvnw -B package -DskipTests)
#   FORKS=1 WARMUPS=3 ITERATIONS=5 by default for the kernel leg (a short JMH run; the job leg dominates)
set -euo pipefail
cd "$(dirname "$0")/.."
sims=${1:-10000000}
cores=2
FORKS=${FORKS:-1}
WARMUPS=${WARMUPS:-3}
ITERATIONS=${ITERATIONS:-5}
jar=spark-job/target/sparkvar-job.jar
[ -f "$jar" ] || { echo "missing $jar: ./mvnw -B package -DskipTests first"; exit 1; }
work=$(mktemp -d)
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

# the kernel, one thread (as spark-job/bench/run.sh, the kernel only)
./mvnw -B -q -o -pl job-api,spark-job test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="spark-job/target/test-classes:spark-job/target/classes:$(cat spark-job/target/bench.classpath)"
java -cp "$CP" org.openjdk.jmh.Main -t 1 -f "$FORKS" -wi "$WARMUPS" -i "$ITERATIONS" -w 1s -r 1s \
  'dev.sparkvar.job.KernelBenchmark.kernel$' -p assets=30 -rf json -rff "$work/jmh.json" >&2

# the job alone, local[2], a cold JVM
start=$(date +%s.%N)
java -jar "$jar" --master "local[$cores]" --simulations "$sims" --horizon-days 5 --sample-fraction 1 --seed 42 \
  --output "$work/result.json" >"$work/job.log" 2>&1 || { tail -20 "$work/job.log"; exit 1; }
end=$(date +%s.%N)

python3 - "$work/jmh.json" "$work/result.json" "$sims" "$cores" "$start" "$end" <<'PYEOF'
import json, sys
jmh, result, sims, cores, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
r = json.load(open(jmh))[0]
assets_k = int(r["params"]["assets"])
best_k = min(x for fork in r["primaryMetric"]["rawData"] for x in fork) / assets_k  # ns per simulation-day -> per asset-day
d = json.load(open(result))
t = d["timings"]
assets = len(d["portfolio"])
days = d["horizonDays"]
asset_days = sims * assets * days
ns = t["simulating"] * cores * 1e9 / asset_days  # core-ns per asset-day
print("scale: %d paths x %d assets x %d days on local[%d], the job alone (cold JVM)" % (sims, assets, days, cores))
print("  wall %.1f s (process start to exit); job timings: %s" % (end - start, ", ".join("%s %.1f" % kv for kv in t.items())))
print("  simulating phase:       %6.2f ns per asset-day per core (%.2f s x %d cores / %.2e asset-days)" % (ns, t["simulating"], cores, asset_days))
print("  kernel (JMH, 1 thread): %6.2f ns per asset-day (best iteration, same run)" % best_k)
print("  ratio simulating / kernel: %.2f   (aim <= 1.5)" % (ns / best_k))
print("  VaR 5%%: %s" % d["var"])
PYEOF
