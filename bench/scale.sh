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
JOB_OPTS=${JOB_OPTS:-}   # extra JVM options for both job legs (e.g. a GC log or a JFR recording, for diagnosis)
FORKS=${FORKS:-1}
WARMUPS=${WARMUPS:-3}
ITERATIONS=${ITERATIONS:-5}
jar=${JAR:-spark-job/target/sparkvar-job.jar}
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
java $JOB_OPTS -jar "$jar" --master "local[$cores]" --simulations "$sims" --horizon-days 5 --sample-fraction 1 --seed 42 \
  --output "$work/cold.json" >"$work/cold.log" 2>&1 || { tail -20 "$work/cold.log"; exit 1; }
end=$(date +%s.%N)

# the same question asked of a warm slot: the job in standby (what a warm pool's slot runs: session up, the
# 2,000-path warm-up done, `ready` printed), then the run's parameters as one JSON line on its standard input,
# exactly as the service's JobLauncher.hand sends them (no service here: the bench is the pipe's other end)
python3 - "$jar" "$cores" "$sims" "$work" <<'PYEOF' || { tail -20 "$work/warm.log"; exit 1; }
import json, os, queue, subprocess, sys, threading, time
jar, cores, sims, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
log = open(work + "/warm.log", "w")
job = subprocess.Popen(["java"] + os.environ.get("JOB_OPTS", "").split() + ["-jar", jar, "--standby", "stdin", "--master", "local[%s]" % cores],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l) for l in job.stdout] + [lines.put(None)], daemon=True).start()
def until(event, timeout):
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))  # queue.Empty past the deadline
        if line is None:
            sys.exit("standby job ended before '%s' (exit %s)" % (event, job.wait(30)))
        log.write(line)
        if line.startswith("{") and json.loads(line).get("event") == event:
            return json.loads(line)
        if line.startswith("{") and json.loads(line).get("event") == "error":
            sys.exit("standby job: " + line)
try:
    ready = until("ready", 300)
    time.sleep(2)  # a slot waits idle before its run: let the warm-up's last compilations and GC settle
    job.stdin.write(json.dumps({"token": "bench", "args": [
        "--simulations", sims, "--horizon-days", "5", "--sample-fraction", "1", "--seed", "42",
        "--output", work + "/warm.json"]}) + "\n")
    job.stdin.close()
    until("result", 600)
    code = job.wait(60)
    open(work + "/warm.ready", "w").write(str(ready.get("warmUpSeconds")))
    sys.exit(code)
finally:
    if job.poll() is None:
        job.kill()  # this process's own child, by its handle
        job.wait(30)
PYEOF

python3 - "$work" "$sims" "$cores" "$start" "$end" <<'PYEOF'
import json, sys
work, sims, cores, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
r = json.load(open(work + "/jmh.json"))[0]
assets_k = int(r["params"]["assets"])
best_k = min(x for fork in r["primaryMetric"]["rawData"] for x in fork) / assets_k  # ns per simulation-day -> per asset-day
print("scale: %d paths on local[%d], the job alone; kernel (JMH, 1 thread): %.2f ns per asset-day (best iteration, same run)"
      % (sims, cores, best_k))
var = {}
for leg, what in (("cold", "cold JVM"), ("warm", "warm slot (standby, warm-up %.1f s before)" % float(open(work + "/warm.ready").read()))):
    d = json.load(open(work + "/%s.json" % leg))
    t = d["timings"]
    asset_days = sims * len(d["portfolio"]) * d["horizonDays"]
    ns = t["simulating"] * cores * 1e9 / asset_days  # core-ns per asset-day
    var[leg] = d["var"]
    print("  %s: %d assets x %d days; job timings: %s" % (what, len(d["portfolio"]), d["horizonDays"],
          ", ".join("%s %.2f" % kv for kv in t.items())))
    if leg == "cold":
        print("    wall %.1f s (process start to exit)" % (end - start))
    print("    simulating: %6.2f ns per asset-day per core (%.2f s x %d cores / %.2e asset-days); ratio to the kernel %.2f (aim <= 1.5)"
          % (ns, t["simulating"], cores, asset_days, ns / best_k))
print("  VaR 5%%: %s%s" % (var["cold"], "" if var["cold"] == var["warm"] else "   DIFFERS warm: %s" % var["warm"]))
PYEOF
