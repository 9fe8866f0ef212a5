#!/usr/bin/env bash
# The warm pool's gain (issue 19): POST /runs → `result` event for the notebook's defaults, a run that takes a warm
# slot against a cold run (its own cluster created, workers awaited, job JVM started and warmed), back to back in one
# service on the embedded default. The cold run asks `"workers": 1` (the default config's own count), which a slot
# never serves, so it starts cold; each run starts when the pool is full again and nothing else fills.
# Prints each pair and the ratio warm / cold (aim: ≤ 0.2, warm under 3 s). EVENTS=1 also prints, on stderr, each SSE
# event of every run with its arrival time after the POST, and the job's own `timings` (where a warm run's time goes).
# Usage: bench/pool.sh [repetitions=3]      (after ./mvnw -B -o -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
port=${BENCH_PORT:-18090}
base="http://127.0.0.1:$port"
mport=$((port + 1000))
management="http://127.0.0.1:$mport"   # health lives on the management port (README, "Operate")
work=$(mktemp -d)
svc_pid=""
cleanup() {
  [ -n "$svc_pid" ] && kill "$svc_pid" 2>/dev/null && wait "$svc_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

java -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" -Dsparkvar.runs.dir="$work/runs" -Dsparkvar.elastic.enabled=false \
  -Dsparkvar.access.token-file="$work/access-token" -Dsparkvar.pool.size=1 -Dsparkvar.class-sharing.enabled="${CDS:-true}" \
  -Dquarkus.log.level=WARN -jar service/target/quarkus-app/quarkus-run.jar > "$work/service.log" 2>&1 &
svc_pid=$!
for _ in $(seq 1 240); do curl -sf "$management/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$management/q/health/ready" >/dev/null || { echo "service not ready"; cat "$work/service.log"; exit 1; }
(umask 077; printf 'Authorization: Bearer %s\n' "$(cat "$work/access-token")" > "$work/auth.header")

now() { date +%s.%N; }

# waits until readiness shows a ready slot and nothing filling (at most 10 min)
await_pool() {
  for _ in $(seq 1 1200); do
    curl -s "$management/q/health/ready" | tr -d ' \n' | grep -q '"ready":1,[^}]*"filling":0\|"filling":0,[^}]*"ready":1' && return 0
    sleep 0.5
  done
  echo "no ready slot within 10 min"; curl -s "$management/q/health/ready"; exit 1
}

# POSTs a run, reads its stream to the end; prints seconds from the POST to the `result` event
until_result() {
  local t0 t1="" line name="" id=""
  t0=$(now)
  while IFS= read -r line; do
    case "$line" in
      event:result*|"event: result"*) t1=$(now) ;;
      event:failed*|"event: failed"*|event:cancelled*|"event: cancelled"*) echo "run ended: $line" >&2; exit 1 ;;
    esac
    if [ -n "${EVENTS:-}" ]; then
      case "$line" in
        event:*) name=${line#event:} ;;
        data:*)
          [ -z "$id" ] && id=$(printf '%s' "${line#data:}" | jq -r '.id // empty' 2>/dev/null || true)
          awk -v a="$t0" -v b="$(now)" -v n="$name" -v d="${line#data:}" \
            'BEGIN { printf "  %6.3f %-18s %s\n", b - a, n, substr(d, 1, 150) }' >&2 ;;
      esac
    fi
  done < <(curl -sN -X POST "$base/runs" -H @"$work/auth.header" -H 'Content-Type: application/json' \
             -H 'Accept: text/event-stream' -d "$1")
  [ -n "$t1" ] || { echo "no result event" >&2; exit 1; }
  if [ -n "${EVENTS:-}" ] && [ -n "$id" ]; then
    echo "  job timings: $(curl -s "$base/runs/$id" -H @"$work/auth.header" | jq -c '.result.timings')" >&2
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

printf '%-4s %10s %10s %12s\n' rep "warm s" "cold s" "warm/cold"
for rep in $(seq 1 "$reps"); do
  await_pool
  warm=$(until_result '{}')
  await_pool
  cold=$(until_result '{"workers": 1}')
  awk -v r="$rep" -v w="$warm" -v c="$cold" 'BEGIN { printf "%-4s %10.2f %10.2f %12.3f\n", r, w, c, w / c }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "class-sharing archives (README, \"Class data sharing\"): $(cd "$work/runs/.cds" 2>/dev/null && ls -s --block-size=M | tail -n +2 | tr '\n' ' ')"
