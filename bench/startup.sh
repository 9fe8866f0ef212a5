#!/usr/bin/env bash
# Start-up figures, this build against a baseline build (main before the change), measured in the same run,
# legs interleaved so that both see the same machine:
#   1. the job alone, `java -jar sparkvar-job.jar --master local[2] --seed 42` (a cold JVM, the notebook's
#      defaults): wall time from the process start to its exit, and the job's own `timings.total`;
#   2. a cold run on the embedded default, `POST /runs {"seed": 42}` → the `result` event (a new cluster, its
#      workers, the job JVM), each service with its own job jar.
# Prints every repetition, the medians and the ratios (this ÷ baseline), and checks both give the same VaR digits.
# ALONE_CDS=1: this build's job-alone leg maps a class-sharing archive (README, "Class data sharing"), made by one
# untimed run of the same command with -XX:ArchiveClassesAtExit before the first repetition; the service makes and
# uses its own archives either way (its first cold run makes them).
# WARMUP=1: one untimed cold run per service first, so that the timed runs see this build's archives in place (the
# first cold run of a new build makes them and pays their writing at each JVM's exit).
# NEW_OPTS="-D…": more settings for this build's service. CDS=false: this build without class-sharing archives
# (they are opt-in, README "Class data sharing"; the bench turns them on by default).
# Usage: bench/startup.sh [repetitions=3]     (after ./mvnw -B package -DskipTests)
#   BASELINE=/work/bench-baseline: a folder with main's sparkvar-job.jar, its spark-home/ and data/ (the job home)
#   and main's service in service/quarkus-app/ (copy them aside from a main build before it changes).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
baseline=${BASELINE:-/work/bench-baseline}
port_new=${BENCH_PORT:-18089}
port_base=$((port_new + 1))
for f in spark-job/target/sparkvar-job.jar service/target/quarkus-app/quarkus-run.jar \
    "$baseline/sparkvar-job.jar" "$baseline/service/quarkus-app/quarkus-run.jar" "$baseline/data/dowjones30.csv"; do
  [ -f "$f" ] || { echo "missing $f (see the usage above)"; exit 1; }
done
work=$(mktemp -d)
chmod 700 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }

# One service per build, each with its own runs folder (ledger, clusters), token file and job home.
start_service() { # name port app job-home [more -D settings]
  local name=$1 port=$2 app=$3 home=$4
  shift 4
  mkdir -p "$work/$name"
  java "$@" -Dquarkus.http.port="$port" -Dsparkvar.runs.dir="$work/$name/runs" -Dsparkvar.elastic.enabled=false \
    -Dsparkvar.access.token-file="$work/$name/access-token" -Dsparkvar.job.home="$home" \
    -Dquarkus.log.level=WARN -jar "$app" > "$work/$name/service.log" 2>&1 &
  pids+=($!)
}
await_service() { # name health-port (this build: its management port; main's: its only port)
  local name=$1 port=$2
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "$name not ready"; cat "$work/$name/service.log"; exit 1; }
  # the API wants the token the service created (README, Access); curl reads the header from a 0600 file
  (umask 077; printf 'Authorization: Bearer %s\n' "$(cat "$work/$name/access-token")" > "$work/$name/auth.header")
}
# a cold run: no warm pool (main's build does not know the setting, and would refuse it)
# shellcheck disable=SC2086
start_service new "$port_new" service/target/quarkus-app/quarkus-run.jar "$PWD/spark-job/target" -Dsparkvar.pool.size=0 \
  -Dsparkvar.class-sharing.enabled="${CDS:-true}" ${NEW_OPTS:-} \
  -Dquarkus.management.port=$((port_new + 1000))
start_service base "$port_base" "$baseline/service/quarkus-app/quarkus-run.jar" "$baseline"
await_service new "$((port_new + 1000))"
await_service base "$port_base"

# 1. the job alone: prints "<wall s> <timings.total s> <VaR 5 %>"
job_alone() { # jar out [JVM options]
  local t0 t1 jar=$1 out=$2
  shift 2
  t0=$(now)
  timeout 600 java "$@" -jar "$jar" --master 'local[2]' --seed 42 --output "$out" > "$out.log" 2>&1 \
    || { echo "job alone failed: $jar" >&2; tail "$out.log" >&2; exit 1; }
  t1=$(now)
  python3 - "$out" "$t0" "$t1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{float(sys.argv[3]) - float(sys.argv[2]):.2f} {r['timings']['total']:.2f} {r['var']['0.05']!r}")
EOF
}

# 2. POST → result on the embedded default: prints "<s to result> <VaR 5 %>"
service_run() { # name port
  local name=$1 port=$2 t0
  t0=$(now)
  curl -sN --max-time 900 -X POST "http://127.0.0.1:$port/runs" -H @"$work/$name/auth.header" \
    -H 'Content-Type: application/json' -H 'Accept: text/event-stream' -d '{"seed": 42}' \
    | while IFS= read -r line; do
        case "$line" in
          event:result*|"event: result"*) echo "$(now)" > "$work/$name/t_result"; result=1 ;;
          data:*) if [ "${result:-0}" = 1 ]; then echo "${line#data:}" > "$work/$name/result.json"; result=2; fi
                  if [ "${result:-0}" = 3 ]; then echo "${line#data:}" >> "$work/$name/end"; result=4; fi ;;
          event:completed*|event:failed*|event:cancelled*|"event: completed"*|"event: failed"*) echo "${line#event:}" > "$work/$name/end"; result=3 ;;
        esac
      done
  [ "$(head -1 "$work/$name/end" 2>/dev/null | tr -d ' ')" = completed ] \
    || { echo "$name run did not complete: $(cat "$work/$name/end" 2>/dev/null)" >&2; tail "$work/$name/service.log" >&2; exit 1; }
  python3 - "$work/$name/result.json" "$t0" "$(cat "$work/$name/t_result")" <<'EOF'
import json, sys
r = json.loads(open(sys.argv[1]).read())
print(f"{float(sys.argv[3]) - float(sys.argv[2]):.2f} {r['var']['0.05']!r}")
EOF
  rm -f "$work/$name/t_result" "$work/$name/result.json" "$work/$name/end"
}

if [ "${WARMUP:-0}" = 1 ]; then
  echo "untimed warm-up runs: new $(service_run new "$port_new") s, baseline $(service_run base "$port_base") s"
fi
alone_new=()
if [ "${ALONE_CDS:-0}" = 1 ]; then
  job_alone spark-job/target/sparkvar-job.jar "$work/alone-train.json" -XX:ArchiveClassesAtExit="$work/alone.jsa" > /dev/null
  alone_new=(-XX:SharedArchiveFile="$work/alone.jsa")
  echo "job alone (new) with its archive: $(du -h "$work/alone.jsa" | cut -f1)"
fi
printf '%-4s %-26s %-26s %-22s %-22s\n' rep "alone new: wall/total s" "alone base: wall/total s" "POST→result new s" "POST→result base s"
: > "$work/rows"
for rep in $(seq 1 "$reps"); do
  if [ $((rep % 2)) = 1 ]; then # alternate which build goes first
    an=$(job_alone spark-job/target/sparkvar-job.jar "$work/alone-new.json" "${alone_new[@]}")
    ab=$(job_alone "$baseline/sparkvar-job.jar" "$work/alone-base.json")
    sn=$(service_run new "$port_new")
    sb=$(service_run base "$port_base")
  else
    ab=$(job_alone "$baseline/sparkvar-job.jar" "$work/alone-base.json")
    an=$(job_alone spark-job/target/sparkvar-job.jar "$work/alone-new.json" "${alone_new[@]}")
    sb=$(service_run base "$port_base")
    sn=$(service_run new "$port_new")
  fi
  read -r an_wall an_total an_var <<< "$an"
  read -r ab_wall ab_total ab_var <<< "$ab"
  read -r sn_s sn_var <<< "$sn"
  read -r sb_s sb_var <<< "$sb"
  printf '%-4s %-26s %-26s %-22s %-22s\n' "$rep" "$an_wall / $an_total" "$ab_wall / $ab_total" "$sn_s" "$sb_s"
  [ "$an_var" = "$ab_var" ] && [ "$sn_var" = "$sb_var" ] \
    || { echo "VaR differs: alone $an_var vs $ab_var, service $sn_var vs $sb_var" >&2; exit 1; }
  echo "$an_wall $ab_wall $an_total $ab_total $sn_s $sb_s" >> "$work/rows"
  var_alone=$an_var
  var_service=$sn_var
done
python3 - "$work/rows" "$var_alone" "$var_service" <<'EOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
med = [statistics.median(c) for c in zip(*rows)]
print(f"median job alone on local[2], wall:      new {med[0]:6.2f} s  baseline {med[1]:6.2f} s  ratio {med[0] / med[1]:.2f}")
print(f"median job alone on local[2], total:     new {med[2]:6.2f} s  baseline {med[3]:6.2f} s  ratio {med[2] / med[3]:.2f}")
print(f"median POST -> result, embedded default: new {med[4]:6.2f} s  baseline {med[5]:6.2f} s  ratio {med[4] / med[5]:.2f}")
print(f"same VaR digits, seed 42: job alone {sys.argv[2]}, service {sys.argv[3]} (both builds)")
EOF
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "this build's class-sharing archives (README, \"Class data sharing\"): $(cd "$work/new/runs/.cds" 2>/dev/null && ls -s --block-size=M | tail -n +2 | tr '\n' ' ')"
