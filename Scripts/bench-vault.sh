#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The vault at scale, in one run (BENCHMARKS.md "Folders of any size" and "Vault files of any size").
# Run through `./dev bench-vault [--files N] [--file-kib N] [--big-mib N] [--runs N] [--skip-big]`, which builds the
# release `coffer`; the report (markdown) goes to stdout, progress to stderr. Every command is a real `coffer`
# process on a `VaultDirectoryStore` on the local disk, timed by GNU time (wall clock, and peak RSS from wait4).
# Every vault command unlocks the account with Argon2id at the policy's minimum (64 MiB, about 0.2 s), so its
# peak RSS and its time include that unlock — unless `coffer agent` holds the account (Spec/agent.md): the rows
# "with the agent" run with an agent of this run's own (`$COFFER_AGENT_SOCK` in the work directory), which is how a
# user puts many files, and show the cost of the commands themselves.
#
# - A folder of N files (default 10,000 of 4 KiB): `vault put -r` of the directory, then `vault ls`,
#   `vault verify`, `vault get -r`, `vault share` and `vault unshare` of the folder, and one more `vault put` of a
#   4 KiB file into that folder against one into an empty folder (median of --runs, each a new file).
# - The agent: `vault ls` of a small folder and one `vault put` of a 4 KiB file, without and with the
#   agent (median of --runs), and one `vault put` into the full folder with the agent.
# - One large file (default 1 GiB of random bytes): `vault put`/`vault get` against `coffer encrypt`/`decrypt` of
#   the same file, output compared with `cmp`; the vault rows without and with the agent.
set -euo pipefail
cd "$(dirname "$0")/.."

files=10000
file_kib=4
big_mib=1024
runs=5
skip_big=0
while (($#)); do
    case "$1" in
        --files) files="$2"; shift 2 ;;
        --file-kib) file_kib="$2"; shift 2 ;;
        --big-mib) big_mib="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --skip-big) skip_big=1; shift ;;
        *)
            echo "usage: ./dev bench-vault [--files N] [--file-kib N] [--big-mib N] [--runs N] [--skip-big]" >&2
            exit 2
            ;;
    esac
done

say() { printf 'bench-vault: %s\n' "$*" >&2; }
coffer="${COFFER_BIN:?COFFER_BIN is the release coffer binary (./dev bench-vault sets it)}"
[ -x /usr/bin/time ] || { say "GNU time (/usr/bin/time) is needed for the peak RSS"; exit 1; }
work="$(mktemp -d "${TMPDIR:-/var/tmp}/coffer-bench-vault.XXXXXX")"
export COFFER_AGENT_SOCK="$work/agent/agent.sock"
trap '"$coffer" agent stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cd "$work"

acct=(--store store --device dev-a --passphrase-file a.pw)
a() { "$coffer" "$@" "${acct[@]}"; }
elapsed=""
rss=""
# timed LABEL COMMAND... : runs it under GNU time, stdout to /dev/null; sets $elapsed (s) and $rss (KiB); fails the
# whole run on a non-zero exit (a benchmark of a failing command is no number).
timed() {
    local label="$1"
    shift
    if ! /usr/bin/time -f '%e %M' -o time.out "$@" >/dev/null 2>cmd.err; then
        say "$label failed: $(tail -c 400 cmd.err)"
        exit 1
    fi
    read -r elapsed rss <time.out
}
row() { printf '| %s | %s s | %s MiB |\n' "$1" "$elapsed" "$((rss / 1024))"; }
agent_on() {
    "$coffer" agent start --timeout 2h >/dev/null 2>&1
    a agent add >/dev/null 2>&1
}
agent_off() { "$coffer" agent stop >/dev/null 2>&1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

say "two accounts that verified each other, a vault"
for who in a b; do
    printf '%s bench passphrase\n' "$who" >"$who.pw"
    "$coffer" account create --store store --device "dev-$who" --passphrase-file "$who.pw" >/dev/null 2>&1
done
for pair in "a b" "b a"; do
    read -r me other <<<"$pair"
    shown="$("$coffer" account show --store store --device "dev-$other")"
    bundle="$(sed -n 's/^bundle //p' <<<"$shown")"
    fingerprint="$(sed -n 's/^fingerprint //p' <<<"$shown")"
    "$coffer" contact add "$other" "$bundle" --store store --device "dev-$me" >/dev/null 2>&1
    "$coffer" contact verify "$other" --fingerprint "$fingerprint" --store store --device "dev-$me" >/dev/null 2>&1
done
a vault init >/dev/null 2>&1
a vault mkdir /empty >/dev/null 2>&1

say "$files files of $file_kib KiB"
python3 - "$files" "$file_kib" <<'EOF'
import os, sys
count, kib = int(sys.argv[1]), int(sys.argv[2])
os.makedirs("tree", exist_ok=True)
for i in range(count):
    with open(f"tree/f{i:06d}.bin", "wb") as f:
        f.write(os.urandom(kib * 1024))
EOF
head -c "$((file_kib * 1024))" /dev/urandom >one.bin

load() { uptime | sed 's/.*load average: //'; }
echo "### A folder of $files files of $file_kib KiB ($(date -u '+%Y-%m-%d %H:%M UTC'); load before: $(load))"
echo
echo "| command | wall clock | peak RSS |"
echo "|---|---|---|"
say "vault put -r"
timed "put -r" "$coffer" vault put -r tree /big "${acct[@]}"
row "\`vault put -r\` of the directory (one unlock, one listing commit)"
put_r="$elapsed"
timed "ls" "$coffer" vault ls /big "${acct[@]}"
row "\`vault ls /big\`"
listed="$(a vault ls /big 2>/dev/null | wc -l)"
[ "$listed" -ge "$files" ] || { say "vault ls lists $listed children, not $files"; exit 1; }
timed "verify" "$coffer" vault verify /big "${acct[@]}"
row "\`vault verify /big\`"
say "vault get -r"
timed "get -r" "$coffer" vault get -r /big out "${acct[@]}"
row "\`vault get -r /big out\`"
diff -r tree out >/dev/null || { say "vault get -r: the files differ"; exit 1; }
rm -rf out

say "one more put, $runs times each: into the full folder and into an empty one"
full=()
empty=()
for i in $(seq "$runs"); do
    timed "put into the full folder" "$coffer" vault put one.bin "/big/more$i.bin" "${acct[@]}"
    full+=("$elapsed")
    timed "put into the empty folder" "$coffer" vault put one.bin "/empty/more$i.bin" "${acct[@]}"
    empty+=("$elapsed")
done
full_median="$(printf '%s\n' "${full[@]}" | median)"
empty_median="$(printf '%s\n' "${empty[@]}" | median)"
printf '| one more `vault put` of %s KiB into that folder (median of %s) | %s s | |\n' "$file_kib" "$runs" \
    "$full_median"
printf '| one `vault put` of %s KiB into an empty folder (median of %s) | %s s | |\n' "$file_kib" "$runs" \
    "$empty_median"

say "share and unshare"
timed "share" "$coffer" vault share /big --with b "${acct[@]}"
row "\`vault share /big --with b\`"
timed "ls after share" "$coffer" vault ls /big "${acct[@]}"
row "\`vault ls /big\` (shared)"
timed "unshare" "$coffer" vault unshare /big --member b "${acct[@]}"
row "\`vault unshare /big --member b\` (a new epoch, the fence)"
timed "ls after unshare" "$coffer" vault ls /big "${acct[@]}"
row "\`vault ls /big\` (after the unshare)"
timed "verify after unshare" "$coffer" vault verify /big "${acct[@]}"
row "\`vault verify /big\` (after the unshare)"
timed "put after unshare" "$coffer" vault put one.bin /big/after.bin "${acct[@]}"
row "one more \`vault put\` into the folder (after the unshare)"

say "the agent: ls and put, $runs times each, without and with it"
ls_without=()
put_without=()
for i in $(seq "$runs"); do
    timed "ls without the agent" "$coffer" vault ls /empty "${acct[@]}"
    ls_without+=("$elapsed")
    timed "put without the agent" "$coffer" vault put one.bin "/empty/plain$i.bin" "${acct[@]}"
    put_without+=("$elapsed")
done
agent_on
ls_with=()
put_with=()
for i in $(seq "$runs"); do
    timed "ls with the agent" "$coffer" vault ls /empty "${acct[@]}"
    ls_with+=("$elapsed")
    timed "put with the agent" "$coffer" vault put one.bin "/empty/agent$i.bin" "${acct[@]}"
    put_with+=("$elapsed")
done
timed "put into the full folder with the agent" "$coffer" vault put one.bin /big/agent.bin "${acct[@]}"
agent_full="$elapsed"
agent_full_rss="$rss"
agent_off
ls_without_median="$(printf '%s\n' "${ls_without[@]}" | median)"
put_without_median="$(printf '%s\n' "${put_without[@]}" | median)"
ls_with_median="$(printf '%s\n' "${ls_with[@]}" | median)"
put_with_median="$(printf '%s\n' "${put_with[@]}" | median)"
printf '| `vault ls` of a small folder, without / with the agent (median of %s) | %s s / %s s | |\n' "$runs" \
    "$ls_without_median" "$ls_with_median"
printf '| one `vault put` of %s KiB into a small folder, without / with the agent (median of %s) | %s s / %s s | |\n' \
    "$file_kib" "$runs" "$put_without_median" "$put_with_median"
printf '| one `vault put` of %s KiB into the %s-file folder, with the agent | %s s | %s MiB |\n' "$file_kib" \
    "$files" "$agent_full" "$((agent_full_rss / 1024))"
echo "Load after: $(load)."
echo
awk -v p="$put_r" -v f="$full_median" -v e="$empty_median" 'BEGIN {
    printf "`put -r` goal < 30 s: %s (%.1f s). One more put, full folder / empty folder: %.2f× (goal ≤ 2×): %s.\n",
        (p < 30 ? "met" : "missed"), p, f / e, (f / e <= 2 ? "met" : "missed")
}'
awk -v lo="$ls_without_median" -v lw="$ls_with_median" -v po="$put_without_median" -v pw="$put_with_median" 'BEGIN {
    printf "The agent saves per command: `ls` %.2f s (%.1f× faster), `put` %.2f s (%.1f× faster).\n",
        lo - lw, lo / lw, po - pw, po / pw
}'
echo

((skip_big)) && exit 0

say "one ${big_mib} MiB file: vault put/get against encrypt/decrypt"
head -c "$((big_mib * 1048576))" /dev/urandom >big.bin
"$coffer" keygen -o key.txt 2>recipient.txt
recipient="$(awk '{ print $NF }' recipient.txt)"
echo "### One ${big_mib} MiB file, vault against encrypt/decrypt (load before: $(load))"
echo
echo "| command | wall clock | peak RSS |"
echo "|---|---|---|"
timed "encrypt" "$coffer" encrypt -r "$recipient" -o big.age big.bin
row "\`coffer encrypt -r age1… -o big.age big.bin\`"
encrypt="$elapsed"
timed "vault put" "$coffer" vault put big.bin /big.bin "${acct[@]}"
row "\`coffer vault put big.bin /big.bin\`"
put="$elapsed"
timed "decrypt" "$coffer" decrypt -i key.txt -o big.dec big.age
row "\`coffer decrypt -i key.txt -o big.dec big.age\`"
decrypt="$elapsed"
cmp -s big.bin big.dec || { say "decrypt: the bytes differ"; exit 1; }
rm -f big.dec big.age
timed "vault get" "$coffer" vault get /big.bin -o big.out "${acct[@]}"
row "\`coffer vault get /big.bin -o big.out\`"
get="$elapsed"
cmp -s big.bin big.out || { say "vault get: the bytes differ"; exit 1; }
rm -f big.out
agent_on
timed "vault put with the agent" "$coffer" vault put big.bin /big-agent.bin "${acct[@]}"
row "\`coffer vault put big.bin /big-agent.bin\`, with the agent"
put_agent="$elapsed"
put_agent_rss="$rss"
timed "vault get with the agent" "$coffer" vault get /big-agent.bin -o big.out "${acct[@]}"
row "\`coffer vault get /big-agent.bin -o big.out\`, with the agent"
get_agent="$elapsed"
get_agent_rss="$rss"
agent_off
cmp -s big.bin big.out || { say "vault get with the agent: the bytes differ"; exit 1; }
echo "Load after: $(load)."
echo
awk -v e="$encrypt" -v p="$put" -v d="$decrypt" -v g="$get" -v pa="$put_agent" -v ga="$get_agent" \
    -v pr="$put_agent_rss" -v gr="$get_agent_rss" 'BEGIN {
    printf "Speed of the vault relative to encrypt/decrypt (goal ≥ 0.9×): put %.2f×, get %.2f× without the agent; ", \
        e / p, d / g
    printf "put %.2f×, get %.2f× with it. Peak RSS with the agent (goal ≤ 64 MiB): put %d MiB, get %d MiB.\n", \
        e / pa, d / ga, pr / 1024, gr / 1024
}'
