#!/usr/bin/env bash
# Importance sampling against plain sampling on the issue's question (a 4-index portfolio, 20,000 paths, levels
# 5 % and 1 %, shift aimed at 1 %): CPU time per path (thread CPU clock, one thread, simulate + every figure +
# the batch standard errors) and, over 100 seeds, the variance of the VaR and ES estimates and the errors'
# honesty. JMH=1 adds JMH's wall-clock figures (FORKS=1 WARMUPS=3 ITERATIONS=5 for a shorter run).
set -euo pipefail
cd "$(dirname "$0")/../.."
FORKS=${FORKS:-2}
WARMUPS=${WARMUPS:-4}
ITERATIONS=${ITERATIONS:-8}
MVN="./mvnw -B -q -o"
$MVN -pl job-api,spark-job test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="spark-job/target/test-classes:spark-job/target/classes:job-api/target/classes:$(cat spark-job/target/bench.classpath)"
OUT=spark-job/target/jmh-importance.json
java -cp "$CP" dev.sparkvar.job.ImportanceBenchmark
# JMH's wall-clock figures as well (JMH=1): on a shared, loaded machine they scatter far more than the CPU clock's
[ "${JMH:-0}" = 1 ] || exit 0
java -cp "$CP" org.openjdk.jmh.Main -t 1 -f "$FORKS" -wi "$WARMUPS" -i "$ITERATIONS" -w 1s -r 1s \
  'dev.sparkvar.job.ImportanceBenchmark.(plain|importance)$' -rf json -rff "$OUT" >&2
python3 - "$OUT" <<'PYEOF'
import json, sys
rows = {}
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    best = min(x for fork in m["rawData"] for x in fork)
    rows[(r["params"]["model"], r["benchmark"].rsplit(".", 1)[1])] = (best, m["score"], m["scoreError"])
print("CPU time per path, ns (one thread; simulate + VaR/ES/CI + 20-batch errors; best iteration, mean +- 99.9%)")
print("  model        plain                      importance                 IS / plain (best, mean)")
for model in ("correlated", "independent", "historical"):
    p, i = rows[(model, "plain")], rows[(model, "importance")]
    print("  %-11s %8.1f (%7.1f +- %5.1f)  %8.1f (%7.1f +- %5.1f)   %5.2f  %5.2f   (aim <= 1.3)"
          % (model, p[0], p[1], p[2], i[0], i[1], i[2], i[0] / p[0], i[1] / p[1]))
PYEOF
