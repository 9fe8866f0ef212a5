#!/usr/bin/env bash
# Create-to-all-workers-alive time of a local cluster and the RSS of its master and worker.
# Usage: service/bench/cluster-startup.sh [repetitions=3] [workers=2]   (needs spark-job built: ./mvnw -pl spark-job -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-3}"; workers="${2:-2}"
# the reactor builds job-api too (it is never installed); surefire excludes *Bench, an explicit -Dtest wins
../mvnw -B -o -q -f ../pom.xml -pl job-api,service test -Dtest=ClusterStartupBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.repetitions="$reps" -Dbench.workers="$workers" \
  -Dquarkus.log.category.\"dev.sparkvar\".level=WARN 2>&1 | grep -E '^(rep|mean| +[0-9])' || {
  echo "benchmark failed; rerun without the filter: ../mvnw -B -o -f ../pom.xml -pl job-api,service test -Dtest=ClusterStartupBench -Dsurefire.failIfNoSpecifiedTests=false" >&2; exit 1; }
