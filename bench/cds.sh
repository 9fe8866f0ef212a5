#!/usr/bin/env bash
# Class data sharing (AppCDS, issue 19): how much of a Spark JVM's start a dynamic archive saves, per process kind.
#   master: `java … org.apache.spark.deploy.master.Master` → its web UI answers /json/ (what the service waits for);
#   worker: `java … org.apache.spark.deploy.worker.Worker <master>` → the master lists it alive;
#   job:    the job alone, `java -jar sparkvar-job.jar --master local[2] --seed 42` (a cold JVM, the notebook's
#           defaults, as bench/startup.sh runs it) → its exit.
# Each without and with an archive made once beforehand by the same command with -XX:ArchiveClassesAtExit, legs
# interleaved (the order alternating), the same classpath for both (jars first, conf last: a JVM refuses to dump an
# archive past a non-empty folder on its class path). Prints every leg, the medians and the ratios (with ÷ without).
# Usage: bench/cds.sh [repetitions=3]      (after ./mvnw -B -o -q package -pl spark-job -am -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
home="$PWD/spark-job/target"
spark="$home/spark-home"
[ -f "$home/sparkvar-job.jar" ] && [ -d "$spark/jars" ] || { echo "build spark-job first (see the usage above)"; exit 1; }
read -r -a opens < "$spark/java17-options"
cp="$spark/jars/*:$spark/conf"
work=$(mktemp -d)
chmod 700 "$work"
cleanup() { # every daemon started, by its PID (they are started in subshells: their PIDs are kept in a file)
  [ -f "$work/pids" ] && while read -r p; do kill "$p" 2>/dev/null || true; done < "$work/pids"
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export SPARK_HOME="$spark" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$work"

# `daemon <log> <cds flag or -> <class> <args…>`: starts a Spark daemon as the service does (its flags, 256m heap)
daemon() {
  local log=$1 cds=$2
  shift 2
  local flags=("${opens[@]}" -Xmx256m)
  [ "$cds" = - ] || flags+=("$cds")
  java "${flags[@]}" -cp "$cp" "$@" > "$log" 2>&1 &
  echo $! >> "$work/pids"
  echo $!
}
stop() { # SIGTERM, then until it is gone (a JVM dumping its archive at exit takes a moment)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 1200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done
  echo "pid $1 did not exit" >&2; exit 1
}
await() { # <what> <command…>: every 50 ms until the command succeeds (at most 5 min)
  local what=$1
  shift
  for _ in $(seq 1 6000); do "$@" && return 0; sleep 0.05; done
  echo "$what: timed out" >&2; exit 1
}
web_up() { curl -sf "http://127.0.0.1:$1/json/" > /dev/null 2>&1; }
alive_workers() { curl -sf "http://127.0.0.1:$1/json/" 2>/dev/null | tr -d ' \n' | grep -q "\"aliveworkers\":$2,"; }

# prints seconds from the master's start to its web UI answering
master_leg() { # <cds flag or ->
  local p w t0 pid
  p=$(port); w=$(port); t0=$(now)
  pid=$(daemon "$work/master.log" "$1" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$p" --webui-port "$w")
  await "master" web_up "$w"
  awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
  stop "$pid"
}
# one master for the worker legs (without an archive, not measured)
mp=$(port); mw=$(port)
master=$(daemon "$work/bench-master.log" - org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$mp" --webui-port "$mw")
await "bench master" web_up "$mw"
# prints seconds from the worker's start to the master listing it alive
worker_leg() { # <cds flag or ->
  local t0 pid
  mkdir -p "$work/w"
  t0=$(now)
  pid=$(daemon "$work/worker.log" "$1" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port 0 \
    --cores 2 --memory 1g --work-dir "$work/w" "spark://127.0.0.1:$mp")
  await "worker" alive_workers "$mw" 1
  awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
  stop "$pid"
  await "worker gone" alive_workers "$mw" 0
}
# prints the wall seconds of the job alone
job_leg() { # <cds flag or ->
  local t0 flags=()
  [ "$1" = - ] || flags+=("$1")
  t0=$(now)
  (cd "$work" && java "${flags[@]}" -jar "$home/sparkvar-job.jar" --master 'local[2]' --seed 42 \
      --output "$work/result.json" > "$work/job.log" 2>&1) || { echo "job failed" >&2; tail "$work/job.log" >&2; exit 1; }
  awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

# the archives: each kind once with -XX:ArchiveClassesAtExit (dumped when the JVM exits, SIGTERM included)
t0=$(now)
master_leg "-XX:ArchiveClassesAtExit=$work/master.jsa" > /dev/null
worker_leg "-XX:ArchiveClassesAtExit=$work/worker.jsa" > /dev/null
job_leg "-XX:ArchiveClassesAtExit=$work/job.jsa" > /dev/null
echo "archives made in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s:" \
  "$(cd "$work" && du -h master.jsa worker.jsa job.jsa | tr '\t\n' ': ')"

printf '%-4s %-8s %10s %10s\n' rep kind "without s" "with s"
: > "$work/rows"
for rep in $(seq 1 "$reps"); do
  for kind in master worker job; do
    if [ $((rep % 2)) = 1 ]; then
      off=$(${kind}_leg -); on=$(${kind}_leg "-XX:SharedArchiveFile=$work/$kind.jsa")
    else
      on=$(${kind}_leg "-XX:SharedArchiveFile=$work/$kind.jsa"); off=$(${kind}_leg -)
    fi
    printf '%-4s %-8s %10s %10s\n' "$rep" "$kind" "$off" "$on"
    echo "$kind $off $on" >> "$work/rows"
  done
done
python3 - "$work/rows" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for kind in ("master", "worker", "job"):
    off = statistics.median(float(r[1]) for r in rows if r[0] == kind)
    on = statistics.median(float(r[2]) for r in rows if r[0] == kind)
    print(f"median {kind:6}: without {off:6.2f} s  with {on:6.2f} s  ratio {on / off:.2f}")
EOF
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
