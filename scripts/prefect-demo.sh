#!/usr/bin/env bash
# Run the project's deployments under a local Prefect server, end to end:
# a Prefect server, a real SMTP server (aiosmtpd) catching the mail, `directives worker`
# serving ingest-inbox / send-reminders / reindex, then one send-reminders run triggered
# by hand (as the 07:00 schedule would), with its log. Everything lives in a temp folder.
#
# Usage: bash scripts/prefect-demo.sh [YYYY-MM-DD]   (the day to plan reminders for)
set -euo pipefail
cd "$(dirname "$0")/.."
DAY="${1:-2026-09-28}"
WORK="$(mktemp -d)"
BIN=.venv/bin
export PREFECT_HOME="$WORK/prefect" PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
export PREFECT_API_URL=http://127.0.0.1:4299/api
export DIRECTIVES_DATA_DIR="$WORK/data" DIRECTIVES_SMTP_HOST=127.0.0.1 DIRECTIVES_SMTP_PORT=8026
export DIRECTIVES_INBOX_DIR="$WORK/inbox" DIRECTIVES_BASE_URL=http://127.0.0.1:8000
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

$BIN/prefect server start --host 127.0.0.1 --port 4299 >"$WORK/server.log" 2>&1 & pids+=($!)
$BIN/python -m aiosmtpd -n -l 127.0.0.1:8026 -c aiosmtpd.handlers.Debugging >"$WORK/mail.log" 2>&1 & pids+=($!)
for _ in $(seq 120); do curl -fs "$PREFECT_API_URL/health" >/dev/null && break; sleep 1; done
echo "== Prefect server up at $PREFECT_API_URL"

$BIN/directives migrate >/dev/null
$BIN/directives ingest corpus/samples >/dev/null 2>&1 || true
cat >"$DIRECTIVES_DATA_DIR/contacts.toml" <<'TOML'
default_email = "vanphong@laocai.gov.vn"

[[body]]
name = "Sở Nông nghiệp và Môi trường"
email = ["snnmt@laocai.gov.vn"]
TOML

$BIN/directives worker >"$WORK/worker.log" 2>&1 & pids+=($!)
for _ in $(seq 120); do
  $BIN/prefect deployment ls 2>/dev/null | grep -q "send-reminders" && break; sleep 1
done
echo "== deployments served by \`directives worker\`:"
$BIN/prefect deployment ls
echo "== the send-reminders schedule:"
$BIN/prefect deployment inspect send-reminders/send-reminders | grep -E "'cron'|'timezone'|'interval'" || true

echo "== run send-reminders for $DAY (as 07:00 would), and wait"
$BIN/prefect deployment run send-reminders/send-reminders --param "today=$DAY" --watch \
  --watch-timeout 300 | tee "$WORK/run.log"
RUN_ID="$(grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' "$WORK/run.log" | head -1)"
echo "== flow run log ($RUN_ID):"
$BIN/prefect flow-run logs "$RUN_ID"
echo "== mail received by the SMTP server:"
grep -E "^(Subject|To|X-RcptTo):" "$WORK/mail.log" || echo "(none)"
echo "== again the same day: nothing is sent twice"
$BIN/prefect deployment run send-reminders/send-reminders --param "today=$DAY" --watch \
  --watch-timeout 300 >/dev/null
grep -c "^Subject:" "$WORK/mail.log"
