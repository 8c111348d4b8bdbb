#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `coffer serve` against nginx, side by side in one run (BENCHMARKS.md "Storage server"). Run through
# `./dev bench-server [--seconds N] [--big-mib N] [--skip-big]`, which installs wrk and nginx and builds the release
# `coffer`; the report (markdown) goes to stdout, progress to stderr.
#
# - Link downloads of one 1 MiB file (GET /v1/links/ID, every request an open) and ranged 64 KiB reads
#   (Range: bytes=65536-131071) at 16, 64 and 256 connections, with wrk (2 threads, --latency): requests/s, p50
#   and p99 latency, and the server's peak RSS during the run (VmRSS of every server process, summed, sampled
#   every 50 ms). nginx serves the same bytes as a static file (sendfile, access log off, one worker per core).
#   Then each server's RSS with 16, 64, 256 and 1024 idle keep-alive connections open, each after one ranged
#   read (Scripts/idle-connections.py), and its growth per connection.
#   Every run is interleaved (coffer, then nginx, at each step) and must answer only 2xx.
# - One large file: uploaded and downloaded through `coffer vault put/get --store http://…` and through curl to
#   nginx (WebDAV PUT, GET), and through curl to coffer serve's link endpoint (the server's own streaming path):
#   wall time and the client's and server's peak RSS (GNU time, VmHWM).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10
big_mib=1024
skip_big=0
while (($#)); do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --big-mib) big_mib="$2"; shift 2 ;;
        --skip-big) skip_big=1; shift ;;
        *) echo "usage: ./dev bench-server [--seconds N] [--big-mib N] [--skip-big]" >&2; exit 2 ;;
    esac
done

say() { printf 'bench-server: %s\n' "$*" >&2; }
# 1024 idle connections at the end need more descriptors than a shell's usual 1024.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
coffer="${COFFER_BIN:?COFFER_BIN is the release coffer binary (./dev bench-server sets it)}"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/coffer-bench-server.XXXXXX")"
coffer_port=18480
nginx_port=18481
serve_pid=""
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
    [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
    sleep 0.5
    rm -rf "$work"
}
trap cleanup EXIT

start_serve() { # extra options...
    "$coffer" serve --listen "127.0.0.1:$coffer_port" --data "$work/serve" "$@" 2>"$work/serve.log" &
    serve_pid=$!
    for _ in $(seq 100); do
        grep -q "serving on" "$work/serve.log" 2>/dev/null && return 0
        sleep 0.1
    done
    say "coffer serve did not start: $(cat "$work/serve.log")"
    exit 1
}

start_nginx() {
    mkdir -p "$work/nginx/logs" "$work/nginx/tmp" "$work/static/up"
    chmod 755 "$work"
    local user=""
    [ "$(id -u)" = 0 ] && user="user root;"
    cat >"$work/nginx/nginx.conf" <<EOF
$user
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx/tmp;
    proxy_temp_path $work/nginx/tmp;
    fastcgi_temp_path $work/nginx/tmp;
    uwsgi_temp_path $work/nginx/tmp;
    scgi_temp_path $work/nginx/tmp;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/static;
        location /up/ { dav_methods PUT; create_full_put_path on; client_max_body_size 0; }
    }
}
EOF
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
    sleep 0.5
}

# The summed VmRSS (KiB) of the processes given, sampled until the file $1 disappears; the peak on stdout.
sample_rss() { # stopfile pid...
    local stop="$1" peak=0 total pid
    shift
    while [ -e "$stop" ]; do
        total=0
        for pid in "$@"; do
            total=$((total + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
        done
        ((total > peak)) && peak=$total
        sleep 0.05
    done
    echo "$peak"
}

server_pids() { # coffer|nginx
    if [ "$1" = coffer ]; then
        echo "$serve_pid"
    else
        local master
        master="$(cat "$work/nginx/nginx.pid")"
        echo "$master $(pgrep -d' ' -P "$master" || true)"
    fi
}

# One wrk run; prints "requests/s | p50 | p99 | peak RSS | non-2xx".
measure() { # server url connections [header]
    local server="$1" url="$2" connections="$3" header="${4:-}" out stop rss_file pids
    out="$work/wrk.out"
    stop="$work/sampling"
    rss_file="$work/rss.out"
    pids="$(server_pids "$server")"
    touch "$stop"
    # shellcheck disable=SC2086
    sample_rss "$stop" $pids >"$rss_file" &
    local sampler=$!
    local args=(-t2 -c "$connections" -d "${seconds}s" --latency --timeout 10s)
    [ -n "$header" ] && args+=(-H "$header")
    wrk "${args[@]}" "$url" >"$out" 2>&1 || true
    rm -f "$stop"
    wait "$sampler"
    local rps p50 p99 errors
    rps="$(awk '/^Requests\/sec/ {print $2}' "$out")"
    p50="$(awk '$1 == "50%" {print $2}' "$out")"
    p99="$(awk '$1 == "99%" {print $2}' "$out")"
    errors="$(awk '/Non-2xx/ {print $5}' "$out")"
    errors="${errors:-0}"
    if grep -q "Socket errors" "$out"; then errors="$errors; $(grep 'Socket errors' "$out" | sed 's/^ *//')"; fi
    printf '%s | %s | %s | %s MiB | %s' "${rps:-?}" "${p50:-?}" "${p99:-?}" "$(($(cat "$rss_file") / 1024))" "$errors"
}

say "building the test files in $work"
mkdir -p "$work/static"
head -c 1048576 /dev/urandom >"$work/static/link-1mib.age"
lookup="AAECAwQFBgcICQoLDA0ODw"
# wrk is one client address: at the default limit (6,000 requests a minute) nearly every answer would be a 429.
serve_options=(--max-record-mib 2048 --max-link-mib 4096 --anonymous-links --rate-per-minute 1000000)
start_serve "${serve_options[@]}"
start_nginx
status="$(curl -s -o /dev/null -w '%{http_code}' -X PUT --data-binary @"$work/static/link-1mib.age" \
    "http://127.0.0.1:$coffer_port/v1/links/$lookup")"
[ "$status" = 201 ] || { say "link upload answered $status"; exit 1; }
coffer_link="http://127.0.0.1:$coffer_port/v1/links/$lookup"
nginx_link="http://127.0.0.1:$nginx_port/link-1mib.age"
cmp <(curl -s "$coffer_link") "$work/static/link-1mib.age"
cmp <(curl -s "$nginx_link") "$work/static/link-1mib.age"

echo "## coffer serve vs nginx, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Command: \`./dev bench-server --seconds $seconds --big-mib $big_mib\`" \
    "(release build, loopback, wrk -t2, ${seconds} s a run)."
echo
echo "- CPU: $(nproc) cores; RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo);" \
    "$(swift --version 2>/dev/null | head -1)"
echo "- $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
echo "- Load average when the run started: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workload | connections | server | requests/s | p50 | p99 | server peak RSS | non-2xx / socket errors |"
echo "|---|---|---|---|---|---|---|---|"
for connections in 16 64 256; do
    for workload in whole ranged; do
        header=""
        label="GET 1 MiB link (an open)"
        if [ "$workload" = ranged ]; then
            header="Range: bytes=65536-131071"
            label="GET 64 KiB range"
        fi
        say "$label, $connections connections"
        echo "| $label | $connections | coffer serve | $(measure coffer "$coffer_link" "$connections" "$header") |"
        echo "| $label | $connections | nginx | $(measure nginx "$nginx_link" "$connections" "$header") |"
    done
done
echo
echo "coffer serve's peak RSS over the whole run (VmHWM): $(awk '/VmHWM/ {print int($2 / 1024)}' \
    "/proc/$serve_pid/status") MiB"
echo

say "idle keep-alive connections: 16, 64, 256 and 1024, each after one ranged read"
# Fresh processes: memory a process once held stays counted in its RSS, so after the 256-connection runs the
# first 256 idle connections would look free.
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
kill "$(cat "$work/nginx/nginx.pid")"
for _ in $(seq 100); do [ -e "$work/nginx/nginx.pid" ] || break; sleep 0.1; done
start_serve "${serve_options[@]}"
start_nginx
idle_counts="16,64,256,1024"
# shellcheck disable=SC2046
python3 Scripts/idle-connections.py "$coffer_link" "$idle_counts" $(server_pids coffer) >"$work/idle-coffer.out"
# shellcheck disable=SC2046
python3 Scripts/idle-connections.py "$nginx_link" "$idle_counts" $(server_pids nginx) >"$work/idle-nginx.out"
echo "Idle keep-alive connections, each after one 64 KiB ranged read (\`Scripts/idle-connections.py\`): the" \
    "server's RSS with them all open, and its growth per connection since before the first."
echo
echo "| connections | coffer serve RSS | coffer serve per connection | nginx RSS | nginx per connection |"
echo "|---|---|---|---|---|"
paste -d' ' "$work/idle-coffer.out" "$work/idle-nginx.out" | while read -r count rss each _ nginx_rss nginx_each; do
    echo "| $count | $((rss / 1024)) MiB | $each KiB | $((nginx_rss / 1024)) MiB | $nginx_each KiB |"
done
echo

((skip_big)) && exit 0

say "one ${big_mib} MiB file: coffer vault put/get and curl to coffer serve's link endpoint and to nginx"
head -c "$((big_mib * 1048576))" /dev/urandom >"$work/big"
timed() { # label command... ; prints "| label | seconds | client peak RSS |"
    local label="$1"
    shift
    local before after
    if /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >"$work/cmd.out" 2>"$work/cmd.err"; then
        read -r elapsed rss <"$work/time.out"
        echo "| $label | $elapsed | $((rss / 1024)) MiB | $(awk '/VmHWM/ {print int($2 / 1024)}' \
            "/proc/$serve_pid/status") MiB |"
    else
        echo "| $label | failed: $(tail -c 300 "$work/cmd.err" | tr '\n|' '  ') | | |"
    fi
}
printf 'bench password\n' >"$work/pw"
store="http://127.0.0.1:$coffer_port/"
"$coffer" account create --store "$store" --device "$work/device" --passphrase-file "$work/pw" \
    --recovery-key-file "$work/recovery" >/dev/null 2>&1
"$coffer" vault init --store "$store" --device "$work/device" --passphrase-file "$work/pw" >/dev/null 2>&1
echo "| ${big_mib} MiB file | seconds | client peak RSS | coffer serve peak RSS so far (VmHWM) |"
echo "|---|---|---|---|"
timed "coffer vault put --store http:// (upload)" "$coffer" vault put "$work/big" /big --store "$store" \
    --device "$work/device" --passphrase-file "$work/pw"
timed "coffer vault get --store http:// (download)" "$coffer" vault get /big -o "$work/big.vault" --store "$store" \
    --device "$work/device" --passphrase-file "$work/pw"
[ -f "$work/big.vault" ] && { cmp -s "$work/big" "$work/big.vault" || echo "| (vault get: bytes differ!) | | | |"; }
rm -f "$work/big.vault"
big_link="http://127.0.0.1:$coffer_port/v1/links/BAECAwQFBgcICQoLDA0ODw"
timed "curl PUT to coffer serve's link endpoint (upload)" curl -sf -T "$work/big" "$big_link"
timed "curl GET from coffer serve's link endpoint (download)" curl -sf -o "$work/big.link" "$big_link"
cmp -s "$work/big" "$work/big.link" || echo "| (link download: bytes differ!) | | | |"
rm -f "$work/big.link"
timed "curl PUT to nginx (WebDAV upload)" curl -sf -T "$work/big" "http://127.0.0.1:$nginx_port/up/big"
timed "curl GET from nginx (download)" curl -sf -o "$work/big.nginx" "http://127.0.0.1:$nginx_port/up/big"
cmp -s "$work/big" "$work/big.nginx" || echo "| (nginx download: bytes differ!) | | | |"
