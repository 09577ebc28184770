#!/usr/bin/env bash
# One test command for developers, README and CI:
#   bash scripts/test.sh [pytest args...]
# Installs what is missing on a fresh Debian machine (chromium, CJK fonts,
# nginx, openssl, LibreOffice Impress and Calc with poppler's PDF tools, the .venv, requirements.txt and bench/requirements.txt), then runs pytest from the repo root
# and returns its exit code. pytest's "no tests collected" (exit 5) is a failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[test.sh] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

have_cjk_font() {
    if command -v fc-list >/dev/null 2>&1; then
        fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' && return 0
    fi
    ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1
}

# --- system packages -------------------------------------------------------
need_apt=0
[ -x /usr/bin/chromium ] || { log "chromium missing"; need_apt=1; }
have_cjk_font || { log "Noto CJK font missing"; need_apt=1; }
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || { log "nginx missing"; need_apt=1; }
# openssl writes the htpasswd of the sign-in tests (openssl passwd -6, SHA-512 crypt, which nginx accepts).
command -v openssl >/dev/null 2>&1 || { log "openssl missing"; need_apt=1; }
# LibreOffice opens the PowerPoint and Excel downloads as their users' office suites do (tests/test_office.py:
# headless conversion to PDF and CSV); pdfinfo and pdftotext read the PDF.
# (Calc's and Impress's own libraries: a LibreOffice without them converts neither.)
{ command -v soffice >/dev/null 2>&1 && [ -e /usr/lib/libreoffice/program/libsclo.so ] \
    && [ -e /usr/lib/libreoffice/program/libsdlo.so ]; } || { log "LibreOffice Impress/Calc missing"; need_apt=1; }
command -v pdftotext >/dev/null 2>&1 || { log "poppler-utils missing"; need_apt=1; }
# git keeps the history of the review screen's saves (cenfigures/review/history.py, docs/review.md).
command -v git >/dev/null 2>&1 || { log "git missing"; need_apt=1; }

if [ "$need_apt" -eq 1 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        log "installing system packages with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -q
        $SUDO apt-get install -y -q --no-install-recommends \
            chromium fonts-noto-cjk nginx openssl git fontconfig ca-certificates \
            libreoffice-impress libreoffice-calc poppler-utils
    else
        log "apt-get not available; cannot install chromium/fonts/nginx" >&2
    fi
fi

# --- python venv -----------------------------------------------------------
PY="$ROOT/.venv/bin/python"
if [ ! -x "$PY" ] && ! command -v python3 >/dev/null 2>&1; then
    log "python3 missing: installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends python3 python3-venv python3-pip
fi
if [ ! -x "$PY" ]; then
    log "creating .venv"
    if ! python3 -m venv .venv 2>/dev/null; then
        # Debian ships venv support separately.
        if command -v apt-get >/dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            $SUDO apt-get update -q
            $SUDO apt-get install -y -q --no-install-recommends python3-venv python3-pip
        fi
        rm -rf .venv
        python3 -m venv .venv
    fi
fi

if [ -f requirements.txt ]; then
    log "pip install -r requirements.txt -r bench/requirements.txt"
    # The benchmarks' tools too (Locust, websocket-client, psutil, py-spy): tests/test_bench*.py run them.
    "$PY" -m pip install --disable-pip-version-check -q -r requirements.txt -r bench/requirements.txt
else
    log "WARNING: requirements.txt not found; installing pytest only"
    "$PY" -m pip install --disable-pip-version-check -q pytest
fi

# --- run tests -------------------------------------------------------------
mkdir -p test-artifacts
set +e
"$PY" -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    log "pytest collected no tests (exit 5): treating as failure"
    exit 5
fi
exit "$rc"
