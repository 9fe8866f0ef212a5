#!/usr/bin/env bash
# Scale figure (issue 19): 10^7 paths of 30 tickers over 5 days (the bundled Dow Jones prices, a holding in each of
# its 30 tickers: the random portfolio draws with replacement, so it holds about 20), the job alone on local[2], and its `simulating` phase in ns per asset-day per core, beside the
# simulation kernel's own figure (JMH, one thread, 30 assets). Aim: within 1.5x of the kernel, so that Spark adds
# little. Two legs ask the same question (same seed, same VaR digits, checked):
#   cold: a new job JVM (`java -jar`), so the phase also carries the JVM's JIT and the first Spark job's start,
#         which JMH's warm-up excludes from the kernel's figure;
#   warm: a warm pool's slot, the job in standby (StandbyJob: session up, its warm-up run done, `ready` printed),
#         given the run's parameters on its stdin as the service's JobLauncher.hand does: what "Spark adds" is this.
# This shared 2-core machine's speed moves by a third within minutes, so the kernel is measured again between rounds
# and each round's legs are divided by the mean of the kernel figures just before and just after them; the summary
# is the median over the rounds. Each leg also prints the job process's CPU over the phase by thread kind (tasks, GC,
# JIT, other), read from /proc when the phase's first and last progress events arrive (bench/scale_legs.py).
# Usage: bench/scale.sh [simulations=10000000]      (after ./mvnw -B -o package -pl spark-job -am -DskipTests)
#   ROUNDS=3; WARMUPS=3 ITERATIONS=3 for each kernel measurement (JMH, 1 s each)
#   JAR=path: another build's jar (a before/after comparison; it must sit in spark-job/target/, beside spark-home);
#   JOB_OPTS: extra JVM options for both job legs (a GC or JIT log; both get -Xmx1g, the driver heap the service
#   gives a job); KEEP=dir: keep the legs' logs, results and
#   per-thread CPU (<leg>.marks); JOB_ARGS: extra options of the question (diagnosis: --partitions 16); SESSION_ARGS:
#   extra session options of both legs (diagnosis: --conf spark.eventLog.enabled=true)
# Measured: see the README's figures table, row "scale (issue 19)".
set -euo pipefail
cd "$(dirname "$0")/.."
sims=${1:-10000000}
cores=2
JOB_OPTS=${JOB_OPTS:-}   # extra JVM options for both job legs (e.g. a GC log or a JFR recording, for diagnosis)
jar=${JAR:-spark-job/target/sparkvar-job.jar}
[ -f "$jar" ] || { echo "missing $jar: ./mvnw -B package -DskipTests first"; exit 1; }
work=$(mktemp -d)
chmod 700 "$work"
trap '[ -n "${KEEP:-}" ] && cp -r "$work"/. "$KEEP"/; rm -rf "$work"' EXIT   # KEEP=dir: keep the logs

./mvnw -B -q -o -pl job-api,spark-job test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="spark-job/target/test-classes:spark-job/target/classes:$(cat spark-job/target/bench.classpath)"
# a holding in each of the bundled data's 30 tickers: $10,000 to $300,000
python3 -c 'import json, sys; t = sorted({l.split(",")[0] for l in open(sys.argv[1]).readlines()[1:]})
json.dump({x: 10000.0 * (i + 1) for i, x in enumerate(t)}, open(sys.argv[2], "w"))' \
  spark-job/src/main/data/dowjones30.csv "$work/holdings.json"

# rounds of: both job legs (cold JVM, then warm slot) with the per-thread CPU of their simulating phase, then the kernel
python3 bench/scale_legs.py "$jar" "$cores" "$sims" "$work" "$CP" "$work/holdings.json" "${ROUNDS:-3}"
