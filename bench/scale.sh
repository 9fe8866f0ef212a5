#!/usr/bin/env bash
# Scale figure (issue 19): 10^7 paths of the bundled Dow Jones portfolio (every ticker: --sample-fraction 1) over
# 5 days, the job alone on local[2], and its `simulating` phase in ns per asset-day per core, beside the simulation
# kernel's own figure (JMH, one thread) measured in the same run. Aim: within 1.5x of the kernel, so that Spark adds
# little. Two legs ask the same question (same seed, same VaR digits, checked):
#   cold: a new job JVM (`java -jar`), so the phase also carries the JVM's JIT and the first Spark job's start,
#         which JMH's warm-up excludes from the kernel's figure;
#   warm: a warm pool's slot, the job in standby (StandbyJob: session up, its warm-up run done, `ready` printed),
#         given the run's parameters on its stdin as the service's JobLauncher.hand does: what "Spark adds" is this.
# Each leg also prints the job process's CPU over the phase by thread kind (tasks, GC, JIT, other), read from /proc
# when the phase's first and last progress events arrive (bench/scale_legs.py): on this shared 2-core machine the
# phase's wall time moves with the other processes' load, its CPU much less.
# Usage: bench/scale.sh [simulations=10000000]      (after ./mvnw -B -o package -pl spark-job -am -DskipTests)
#   FORKS=1 WARMUPS=3 ITERATIONS=5 by default for the kernel leg (a short JMH run; the job legs dominate)
#   JAR=path: another build's jar (a before/after comparison); JOB_OPTS: extra JVM options for both job legs (a GC or
#   JIT log); KEEP=dir: keep the legs' logs, results and per-thread CPU (<leg>.marks); JMH_JSON=file: reuse a kernel
#   figure (diagnosis only: the ratio should come from the same run)
# Measured: see the README's figures table, row "scale (issue 19)".
set -euo pipefail
cd "$(dirname "$0")/.."
sims=${1:-10000000}
cores=2
JOB_OPTS=${JOB_OPTS:-}   # extra JVM options for both job legs (e.g. a GC log or a JFR recording, for diagnosis)
FORKS=${FORKS:-1}
WARMUPS=${WARMUPS:-3}
ITERATIONS=${ITERATIONS:-5}
jar=${JAR:-spark-job/target/sparkvar-job.jar}
[ -f "$jar" ] || { echo "missing $jar: ./mvnw -B package -DskipTests first"; exit 1; }
work=$(mktemp -d)
chmod 700 "$work"
trap '[ -n "${KEEP:-}" ] && cp -r "$work"/. "$KEEP"/; rm -rf "$work"' EXIT   # KEEP=dir: keep the logs

# the kernel, one thread (as spark-job/bench/run.sh, the kernel only)
./mvnw -B -q -o -pl job-api,spark-job test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="spark-job/target/test-classes:spark-job/target/classes:$(cat spark-job/target/bench.classpath)"
if [ -n "${JMH_JSON:-}" ]; then cp "$JMH_JSON" "$work/jmh.json"; else  # diagnosis: reuse an earlier kernel figure
java -cp "$CP" org.openjdk.jmh.Main -t 1 -f "$FORKS" -wi "$WARMUPS" -i "$ITERATIONS" -w 1s -r 1s \
  'dev.sparkvar.job.KernelBenchmark.kernel$' -p assets=30 -rf json -rff "$work/jmh.json" >&2
fi

# both job legs (cold JVM, then warm slot) with the per-thread CPU of their simulating phase: bench/scale_legs.py
python3 bench/scale_legs.py "$jar" "$cores" "$sims" "$work" "$work/jmh.json"
