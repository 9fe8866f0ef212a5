#!/usr/bin/env bash
# Tries issue 18's attacks with curl against a running service and prints one line per attempt:
#   scripts/attack-doors.sh [base-url]            (default http://127.0.0.1:8080)
# Credentials come from the environment, never the command line: SPARKVAR_TOKEN (a user token; default: the
# embedded default's data/access-token) and SPARKVAR_BACKEND_TOKEN (optional, a sparkvar.access.backend-tokens
# entry). Each line: REFUSED/OPEN, the status, the attempt. An attempt that should be refused and is not prints
# "BREACH" and the script exits 1. Nothing here creates anything: bodies are invalid and names unknown.
set -uo pipefail
base="${1:-http://127.0.0.1:8080}"
token="${SPARKVAR_TOKEN:-$(cat "$(dirname "$0")/../data/access-token" 2>/dev/null || true)}"
backend="${SPARKVAR_BACKEND_TOKEN:-}"
breaches=0; tries=0

# curl's --path-as-is sends the path byte for byte (no dot-segment squashing)
status() { # method path [auth] [body]
  local args=(-s -o /dev/null -w '%{http_code}' --path-as-is -X "$1" --max-time 10 -H @-)
  [ -n "${4:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
  # the token goes in through stdin (-H @-), never on curl's command line, which ps shows every user
  if [ -n "${3:-}" ]; then printf 'Authorization: Bearer %s\n' "$3"; fi | curl "${args[@]}" "$base$2"
}
expect_refused() { # label method path [auth] [body]
  local label="$1"; shift
  local code; code=$(status "$@"); tries=$((tries + 1))
  case "$code" in
    400|401|403|404|405|421) printf 'REFUSED %s  %-7s %-48s %s\n' "$code" "$1" "$2" "$label" ;;
    *) printf 'BREACH  %s  %-7s %-48s %s\n' "$code" "$1" "$2" "$label"; breaches=$((breaches + 1)) ;;
  esac
}
expect_open() { # label method path [auth] [body]
  local label="$1"; shift
  local code; code=$(status "$@"); tries=$((tries + 1))
  printf 'OPEN    %s  %-7s %-48s %s\n' "$code" "$1" "$2" "$label"
}

for p in '/runs;x' '/runs%3Bx' '/runs%3bx' '/runs;x/any' '/runs;x/any/events' '/runs;x/any/log' '/datasets;x' \
         '/runs/' '//runs' '/./runs' '/x/../runs' '/%2e/runs' '/runs%2F' '/RUNS' '/%72uns' '/runs/.;x' '/q/openapi' \
         '/q/openapi;x' '/q/swagger-ui/' '/oshinko/clusters' '/oshinko;x/clusters' '/oshinko%3Bx/clusters' \
         '/local-graphite/any/metrics/index.json' '/local-graphite;x/any/metrics/index.json'; do
  expect_refused "no credential" GET "$p"
done
expect_refused "no credential" POST '/runs;x' '' '{}'
expect_refused "no credential" POST '/oshinko;x/clusters' '' '{"name":"Not_A_Dns_Label"}'
expect_refused "no credential" DELETE '/runs;x/any'
expect_refused "wrong token" GET /runs not-a-token
if [ -n "$token" ]; then
  expect_refused "user token on the backend's door" GET /oshinko/clusters "$token"
  expect_refused "user token on the backend's door" POST /oshinko/clusters "$token" '{"name":"Not_A_Dns_Label"}'
  expect_refused "user token, matrix on the door" POST '/oshinko;x/clusters' "$token" '{"name":"Not_A_Dns_Label"}'
  expect_refused "user token, encoded door" GET '/oshinko%2Fclusters' "$token"
fi
if [ -n "$backend" ]; then
  expect_refused "backend token on the API" GET /runs "$backend"
  expect_refused "backend token on the API" POST /runs "$backend" '{}'
fi
for p in / /index.html /js/app.js; do expect_open "open by name" GET "$p"; done
# health and metrics are on the management port (issue 21): on this one they are no route, behind deny by default
for p in /q/health/ready /q/metrics; do expect_refused "not on the public port" GET "$p"; done
echo "tries: $tries, breaches: $breaches"
[ "$breaches" -eq 0 ]
