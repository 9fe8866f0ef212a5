#!/usr/bin/env bash
# The issue's load on the service as its own process (issue 13, "Load"): 1,000 SSE subscribers on one run (every
# event once and in order, event-to-last-delivery median/worst, the service's RSS before/during/after), then 20
# concurrent POST /runs (how many ran, queued, got 429; every run's end; GET /runs latency throughout; processes left).
# Usage: service/bench/guard-load.sh [subscribers=1000] [posts=20]
# Needs spark-job built (./mvnw -pl spark-job -am package -DskipTests); packages the service (quarkus-app) first.
# Starts Spark clusters: on a shared machine run it under flock /tmp/sparkvar-spark.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
subs="${1:-1000}"; posts="${2:-20}"
../mvnw -B -o -q -f ../pom.xml -pl job-api,service package -DskipTests >/dev/null
# surefire excludes *Bench; an explicit -Dtest wins
../mvnw -B -o -q -f ../pom.xml -pl job-api,service test -Dtest=GuardLoadBench \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.subscribers="$subs" -Dbench.posts="$posts" 2>&1 \
  | grep -E '^(service pid|[0-9]+ SSE|event ->|service RSS|[0-9]+ concurrent|GET /runs|processes)' || {
  echo "benchmark failed; rerun without the filter, the service's log is service/target/guard-load/service.log" >&2; exit 1; }
