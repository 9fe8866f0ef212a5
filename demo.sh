#!/usr/bin/env bash
# Quick start: builds sparkvar if needed, starts the service on the embedded default (a local backend that
# starts real Spark Master/Worker JVMs on 127.0.0.1), runs the notebook's analysis on the bundled sample and
# prints every step live, then leaves the service up at http://localhost:8080.
#   ./demo.sh                              # the notebook's defaults
#   ./demo.sh '{"simulations": 100000}'    # any POST /runs body
# Stop the service with: kill "$(cat target/sparkvar-service.pid)"
set -euo pipefail
cd "$(dirname "$0")"
body=${1:-'{}'}
port=${SPARKVAR_PORT:-8080}
base="http://localhost:$port"
# health and metrics: the management port (README, "Metrics"), not the API's
mport=${SPARKVAR_MANAGEMENT_PORT:-9000}
management="http://localhost:$mport"
mkdir -p target
pidfile=target/sparkvar-service.pid

if [ ! -f service/target/quarkus-app/quarkus-run.jar ] || [ ! -f spark-job/target/sparkvar-job.jar ]; then
  echo "== building (first time: downloads Quarkus and Spark from Maven Central) ..."
  ./mvnw -B -q package -DskipTests
fi

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "== service already running (pid $(cat "$pidfile"))"
else
  echo "== starting the service on $base (log: target/sparkvar-service.log)"
  nohup java -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" -jar service/target/quarkus-app/quarkus-run.jar \
    > target/sparkvar-service.log 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    curl -sf "$management/q/health/ready" > /dev/null 2>&1 && break
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "service died; see target/sparkvar-service.log"; exit 1; }
    sleep 0.5
  done
  curl -sf "$management/q/health/ready" > /dev/null || { echo "service not ready after 60 s"; exit 1; }
fi

# The service created its access token at first start (data/access-token, readable by this user only); the API
# wants it with every request. It stays out of the command lines: curl reads the header from stdin.
tokenfile=${SPARKVAR_ACCESS_TOKEN_FILE:-data/access-token}
[ -s "$tokenfile" ] || { echo "no access token in $tokenfile; see target/sparkvar-service.log"; exit 1; }
auth() { printf 'Authorization: Bearer %s\n' "$(cat "$tokenfile")"; }

echo "== POST /runs $body"
# The run streams as Server-Sent Events on the same response; print one readable line per event.
field() { [[ $2 =~ \"$1\":\"?([^\",}]*) ]] && printf '%s' "${BASH_REMATCH[1]}"; }
start=$SECONDS
auth | curl -sN -X POST "$base/runs" -H @- -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
  -d "$body" |
while IFS= read -r line; do
  case "$line" in
    event:*) ev=${line#event:} ;;
    data:*) data=${line#data:} ;;
    "")
      [ -n "${ev:-}" ] || continue
      t=$(printf '%4ds' $((SECONDS - start)))
      case "$ev" in
        progress)
          out=$(printf 'progress %5s%%  %-11s %s/%s tasks' "$(field percent "$data")" "$(field phase "$data")" \
            "$(field tasksDone "$data")" "$(field tasksTotal "$data")")
          [ "$out" != "${last:-}" ] && echo "$t  $out"; last=$out ;;
        result)
          [[ $data =~ \"var\":(\{[^}]*\}) ]] && var=${BASH_REMATCH[1]}
          [[ $data =~ \"expectedShortfall\":(\{[^}]*\}) ]] && es=${BASH_REMATCH[1]}
          echo "$t  result   VaR $var   expected shortfall $es" ;;
        cluster-created)
          echo "$t  cluster  $(field cluster "$data") created, master $(field masterUrl "$data"), $(field desiredWorkers "$data") worker(s) wanted" ;;
        workers) echo "$t  workers  $(field alive "$data")/$(field desired "$data") alive" ;;
        accepted) echo "$t  accepted run $(field id "$data"): $base/runs/$(field id "$data")" ;;
        job-started) echo "$t  job      JVM pid $(field pid "$data") on $(field masterUrl "$data")" ;;
        cluster-deleted) echo "$t  cluster  $(field cluster "$data") deleted" ;;
        *) echo "$t  $ev  $data" ;;
      esac
      ev=""; data="" ;;
  esac
done
echo "== the service is still up: open $base and sign in with the token in $tokenfile (API: $base/q/swagger-ui)"
echo "   curl -H \"Authorization: Bearer \$(cat $tokenfile)\" $base/runs;  stop it with: kill \$(cat $pidfile)"
