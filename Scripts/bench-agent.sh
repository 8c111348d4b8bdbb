#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A vault command with `coffer agent` vs with a passphrase file (BENCHMARKS.md "The agent").
# Run through `./dev bench-agent [--runs N] [--profile moderate|sensitive]`, which builds the release `coffer`; the
# report (markdown) goes to stdout, progress to stderr.
#
# One scratch account and vault (its own store, device, XDG dirs and socket). N times each, interleaved:
# `vault ls /` and `vault put` of a 1 KiB file (a new path each time) with --passphrase-file (Argon2id every
# command), then the same with the agent holding the account (no passphrase). Wall time per command: mean, median,
# min, max. The machine's load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=20
profile=moderate
while (($#)); do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --profile) profile="$2"; shift 2 ;;
        *) echo "usage: ./dev bench-agent [--runs N] [--profile moderate|sensitive]" >&2; exit 2 ;;
    esac
done

say() { printf 'bench-agent: %s\n' "$*" >&2; }
coffer="${COFFER_BIN:?COFFER_BIN is the coffer binary (./dev bench-agent sets it to the release one)}"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/coffer-bench-agent.XXXXXX")"
mkdir -m 700 "$work/run"
export COFFER_STORE="$work/store" COFFER_DEVICE="$work/device" COFFER_VAULT="$work/store"
export XDG_RUNTIME_DIR="$work/run"
unset COFFER_AGENT_SOCK
cleanup() {
    "$coffer" agent stop >/dev/null 2>&1 || true
    rm -rf "${work:?}"
}
trap cleanup EXIT

printf 'bench agent passphrase\n' >"$work/pass"
head -c 1024 /dev/urandom >"$work/small"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
say "account ($profile profile) and vault in $work"
"$coffer" account create --profile "$profile" --passphrase-file "$work/pass" --recovery-key-file "$work/rk" \
    >/dev/null 2>&1
"$coffer" vault init --passphrase-file "$work/pass" 2>/dev/null
"$coffer" agent start --timeout 1h 2>/dev/null
"$coffer" agent add --passphrase-file "$work/pass" 2>/dev/null

# Wall time of one command in milliseconds (stdout discarded, failure fatal).
time_ms() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

declare -A samples
for ((i = 0; i < runs; i++)); do
    # Without the agent: COFFER_AGENT_SOCK points where no agent listens, so the passphrase file is read.
    samples[ls_pass]+="$(COFFER_AGENT_SOCK="$work/none.sock" time_ms "$coffer" vault ls / \
        --passphrase-file "$work/pass") "
    samples[ls_agent]+="$(time_ms "$coffer" vault ls /) "
    samples[put_pass]+="$(COFFER_AGENT_SOCK="$work/none.sock" time_ms "$coffer" vault put "$work/small" \
        "/p$i" --passphrase-file "$work/pass") "
    samples[put_agent]+="$(time_ms "$coffer" vault put "$work/small" "/a$i") "
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

stats() {
    tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '
        { v[NR] = $1; s += $1 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.0f | %.0f | %d | %d", s / NR, m, v[1], v[NR] }'
}

echo "### A vault command with and without the agent, $(date -u '+%Y-%m-%d %H:%M') UTC"
echo
echo "${COFFER_BUILD_KIND:-Unlabelled} build, $runs runs each (interleaved), $profile KDF profile, $(nproc) cores;" \
    "load average" \
    "$load_before before, $load_after after. Wall time per command, ms (process start to exit)."
echo
echo "| command | unlock | mean | median | min | max |"
echo "|---|---|---|---|---|---|"
echo "| \`vault ls /\` | --passphrase-file | $(stats "${samples[ls_pass]}") |"
echo "| \`vault ls /\` | agent | $(stats "${samples[ls_agent]}") |"
echo "| \`vault put\` 1 KiB | --passphrase-file | $(stats "${samples[put_pass]}") |"
echo "| \`vault put\` 1 KiB | agent | $(stats "${samples[put_agent]}") |"
