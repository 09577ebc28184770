#!/usr/bin/env bash
# Two (or more) Streamlit replicas of the dashboard behind nginx, for trying the production
# setup locally and for tests/browser/test_replicas.py.
#
#   scripts/run_replicas.sh start    # replicas on 8501, 8502; nginx on 8080 -> prints the URL
#   scripts/run_replicas.sh status
#   scripts/run_replicas.sh stop
#
# Settings (environment):
#   RUN_DIR        state dir: pid files, logs, generated nginx.conf, nginx temp dirs
#                  (default /tmp/cenfigures-replicas; `stop` needs the same value)
#   PROXY_PORT     nginx port on 127.0.0.1 (default 8080)
#   REPLICA_PORTS  space-separated replica ports (default "8501 8502")
#   NGINX_BIN      nginx executable (default: nginx on PATH, else /usr/sbin/nginx)
#   STREAMLIT_SERVER_COOKIE_SECRET  shared by all replicas; generated if unset
#   CENFIGURES_PASSWORD             passed through: turns the password gate on
#   HTPASSWD_FILE                   sign-in through nginx (proxy mode): the htpasswd file nginx checks;
#                                   or HTPASSWD_USER + HTPASSWD_PASSWORD: one user, written with
#                                   `openssl passwd -6` (SHA-512 crypt) into $RUN_DIR/htpasswd
#   CENFIGURES_PROXY_SECRET         with sign-in: the secret nginx adds and the replicas check;
#                                   generated if unset. Without sign-in it is not passed on.
#
# nginx runs from deploy/nginx.conf with the ports and all paths substituted
# (`nginx -p $RUN_DIR -c $RUN_DIR/nginx.conf`); run it as root or as any user (ports > 1024).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-/tmp/cenfigures-replicas}"
PROXY_PORT="${PROXY_PORT:-8080}"
REPLICA_PORTS="${REPLICA_PORTS:-8501 8502}"
NGINX_BIN="${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || PY="$(command -v python3)"

log() { printf '[run_replicas] %s\n' "$*" >&2; }

wait_ok() {  # wait_ok URL SECONDS: until the URL answers 200 "ok"
    "$PY" - "$1" "$2" <<'PYEOF'
import sys, time, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200 and r.read().strip() == b"ok":
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.2)
sys.exit(1)
PYEOF
}

signin_on() { [ -n "${HTPASSWD_FILE:-}" ] || [ -n "${HTPASSWD_USER:-}" ]; }

write_htpasswd() {  # proxy mode: the users nginx accepts and the secret it forwards
    if [ -z "${HTPASSWD_FILE:-}" ]; then
        HTPASSWD_FILE="$RUN_DIR/htpasswd"
        printf '%s:%s\n' "$HTPASSWD_USER" "$(printf '%s' "${HTPASSWD_PASSWORD:?HTPASSWD_PASSWORD}" | openssl passwd -6 -stdin)" > "$HTPASSWD_FILE"
    fi
    printf 'proxy_set_header X-Cenfigures-Proxy "%s";\n' "$CENFIGURES_PROXY_SECRET" > "$RUN_DIR/proxy-secret.conf"
    chmod 644 "$HTPASSWD_FILE" "$RUN_DIR/proxy-secret.conf"  # nginx workers (user nobody under root) read them
}

write_nginx_conf() {
    local servers="" port signin_sed=(-e '/# sign-in$/d')
    if signin_on; then
        signin_sed=(-e "s|/etc/nginx/cenfigures.htpasswd|${HTPASSWD_FILE}|" -e "s|/etc/nginx/cenfigures-proxy.conf|${RUN_DIR}/proxy-secret.conf|")
    fi
    for port in $REPLICA_PORTS; do
        servers+="        server 127.0.0.1:${port} max_fails=2 fail_timeout=10s;\n"
    done
    mkdir -p "$RUN_DIR/temp"
    # Replace the example replicas by ours, the listen port, and every absolute path.
    sed -E \
        -e '/^\s*#?\s*server 127\.0\.0\.1:85[0-9]{2} /d' \
        -e "s|^(\s*)hash \\\$cfroute consistent;|&\n${servers%\\n}|" \
        -e "s|^(\s*)listen 80;|\1listen 127.0.0.1:${PROXY_PORT};|" \
        -e "s|^pid .*;|pid ${RUN_DIR}/nginx.pid;|" \
        -e "s|^error_log .*;|error_log ${RUN_DIR}/nginx-error.log warn;|" \
        -e "s|^(\s*)access_log .*;|\1access_log ${RUN_DIR}/nginx-access.log;|" \
        -e "s|^(\s*)(client_body\|proxy\|fastcgi\|uwsgi\|scgi)(_temp_path) .*;|\1\2\3 ${RUN_DIR}/temp/\2;|" \
        "${signin_sed[@]}" \
        "$ROOT/deploy/nginx.conf" > "$RUN_DIR/nginx.conf"
}

stop_pidfile() {  # stop_pidfile FILE: TERM the process group (replicas) or process (nginx)
    local file="$1" pid
    [ -f "$file" ] || return 0
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$file"
}

cmd_stop() {
    [ -f "$RUN_DIR/nginx.pid" ] && stop_pidfile "$RUN_DIR/nginx.pid"
    local f
    for f in "$RUN_DIR"/replica-*.pid; do
        [ -e "$f" ] && stop_pidfile "$f"
    done
    log "stopped (state in $RUN_DIR)"
}

cmd_start() {
    mkdir -p "$RUN_DIR"
    chmod 755 "$RUN_DIR"  # nginx workers (user nobody when started as root) use the temp dirs
    if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
        STREAMLIT_SERVER_COOKIE_SECRET="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
    fi
    export STREAMLIT_SERVER_COOKIE_SECRET
    if signin_on; then
        if [ -z "${CENFIGURES_PROXY_SECRET:-}" ]; then
            CENFIGURES_PROXY_SECRET="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
        fi
        export CENFIGURES_PROXY_SECRET
        write_htpasswd
        log "sign-in through nginx: users of $HTPASSWD_FILE"
    else
        unset CENFIGURES_PROXY_SECRET
    fi
    trap 'log "start failed: stopping what was started"; cmd_stop' ERR

    local port
    for port in $REPLICA_PORTS; do
        (cd "$ROOT" && exec setsid "$PY" -m cenfigures.serve \
            --server.headless true --server.address 127.0.0.1 --server.port "$port" \
            --browser.gatherUsageStats false \
            >"$RUN_DIR/replica-$port.log" 2>&1 </dev/null) &
        echo $! > "$RUN_DIR/replica-$port.pid"
        log "replica on 127.0.0.1:$port (pid $(cat "$RUN_DIR/replica-$port.pid"), log $RUN_DIR/replica-$port.log)"
    done
    for port in $REPLICA_PORTS; do
        wait_ok "http://127.0.0.1:$port/_stcore/health" 60 || { log "replica $port not healthy"; tail -20 "$RUN_DIR/replica-$port.log" >&2; false; }
    done

    write_nginx_conf
    # (nginx reads an environment variable named NGINX as inherited sockets: never pass one)
    env -u NGINX "$NGINX_BIN" -t -q -p "$RUN_DIR/" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/nginx-error.log"
    # The daemonized master must not hold our stdout/stderr open (callers read them to EOF).
    env -u NGINX "$NGINX_BIN" -p "$RUN_DIR/" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/nginx-error.log" \
        </dev/null >/dev/null 2>>"$RUN_DIR/nginx-error.log"
    wait_ok "http://127.0.0.1:$PROXY_PORT/healthz" 20 || { log "nginx not healthy"; tail -20 "$RUN_DIR/nginx-error.log" >&2; false; }
    trap - ERR
    log "nginx on 127.0.0.1:$PROXY_PORT (pid $(cat "$RUN_DIR/nginx.pid"), config $RUN_DIR/nginx.conf)"
    echo "http://127.0.0.1:$PROXY_PORT/"
}

cmd_status() {
    local f pid
    for f in "$RUN_DIR"/replica-*.pid "$RUN_DIR/nginx.pid"; do
        [ -e "$f" ] || continue
        pid="$(cat "$f")"
        if kill -0 "$pid" 2>/dev/null; then echo "$(basename "$f" .pid): running (pid $pid)"
        else echo "$(basename "$f" .pid): dead (pid $pid)"; fi
    done
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status  (env: RUN_DIR, PROXY_PORT, REPLICA_PORTS)" >&2; exit 2 ;;
esac
