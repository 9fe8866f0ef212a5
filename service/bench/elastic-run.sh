#!/usr/bin/env bash
# The same large run on a fixed one-worker cluster and on an elastic one, back to back; prints wall times and
# the ratio fixed / elastic.
# Usage: service/bench/elastic-run.sh [repetitions=1] [simulations=1000000] [data set=elastic-bench.parquet]
# (BENCH_OPTS="-Dbench.horizon=260 -Dbench.fraction=0.03 -Dbench.partitions=24" are the defaults)
# Needs spark-job built (./mvnw -pl spark-job -am package -DskipTests); generates the data set once
# (1,000 tickers x 20 years, seed 7) into service/target/test-datasets/ when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-1}"; sims="${2:-1000000}"; data="${3:-elastic-bench.parquet}"
mkdir -p target/test-datasets
if [ "$data" = elastic-bench.parquet ] && [ ! -e target/test-datasets/elastic-bench.parquet ]; then
  java -cp ../spark-job/target/sparkvar-job.jar dev.sparkvar.job.GenerateData --tickers 1000 --years 20 --seed 7 \
    --master 'local[2]' --output target/test-datasets/elastic-bench.parquet >/dev/null
fi
# the reactor builds job-api too (it is never installed); surefire excludes *Bench, an explicit -Dtest wins
../mvnw -B -o -q -f ../pom.xml -pl job-api,service test -Dtest=ElasticRunBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.repetitions="$reps" -Dbench.simulations="$sims" -Dbench.data="$data" ${BENCH_OPTS:-} \
  -Dquarkus.log.category.\"dev.sparkvar\".level=WARN 2>&1 | grep -E '^([0-9]+ simulations|run|median| *[0-9])' || {
  echo "benchmark failed; rerun without the filter: ../mvnw -B -o -f ../pom.xml -pl job-api,service test -Dtest=ElasticRunBench -Dsurefire.failIfNoSpecifiedTests=false" >&2; exit 1; }
