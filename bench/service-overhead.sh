#!/usr/bin/env bash
# The service's overhead: time from POST /runs to `completed` for the notebook's defaults (create a cluster, wait
# for its worker, configure the driver, run the job JVM, delete the cluster), against the same job run alone with
# `java -jar` on `local[2]`, measured back to back. Prints the figures and the ratio.
# The job-alone leg used to join a cluster created through the service; the embedded default's clusters now
# authenticate with a secret held in the service's memory only (README, "Access"), so no outside driver can
# join them, by design: the leg runs on local[2] instead. bench/startup.sh compares both legs with main's build.
# Usage: bench/service-overhead.sh [repetitions=2]      (after ./mvnw -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-2}
port=${BENCH_PORT:-18089}
mport=${BENCH_MANAGEMENT_PORT:-18090} # health is on the management port
base="http://127.0.0.1:$port"
work=$(mktemp -d)
svc_pid=""
cleanup() {
  [ -n "$svc_pid" ] && kill "$svc_pid" 2>/dev/null && wait "$svc_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

java -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" -Dsparkvar.runs.dir="$work/runs" -Dsparkvar.elastic.enabled=false \
  -Dsparkvar.access.token-file="$work/access-token" -Dsparkvar.pool.size=0 \
  -Dquarkus.log.level=WARN -jar service/target/quarkus-app/quarkus-run.jar > "$work/service.log" 2>&1 &
svc_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$mport/q/health/ready" >/dev/null || { echo "service not ready"; cat "$work/service.log"; exit 1; }
# The API wants the token the service created (README, Access); curl reads the header from a 0600 file.
(umask 077; printf 'Authorization: Bearer %s\n' "$(cat "$work/access-token")" > "$work/auth.header")

now() { date +%s.%N; }

printf '%-4s %12s %12s %8s\n' rep "service s" "alone s" ratio
for rep in $(seq 1 "$reps"); do
  # 1. the whole flow through the service
  t0=$(now)
  last=$(curl -sN --max-time 900 -X POST "$base/runs" -H @"$work/auth.header" -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
    -d '{"seed": 42}' | grep '^event:' | tail -1)
  t1=$(now)
  [ "$last" = "event:completed" ] || { echo "run did not complete: $last"; exit 1; }

  # 2. the same job alone on local[2], a cold JVM
  t2=$(now)
  timeout 600 java -jar spark-job/target/sparkvar-job.jar --master 'local[2]' --seed 42 --output "$work/alone.json" \
    > "$work/alone.log" 2>&1 || { echo "job alone failed"; tail "$work/alone.log"; exit 1; }
  t3=$(now)
  awk -v r="$rep" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" \
    'BEGIN { s = b - a; j = d - c; printf "%-4s %12.1f %12.1f %8.2f\n", r, s, j, s / j }'
done
