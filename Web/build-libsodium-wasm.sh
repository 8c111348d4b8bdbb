#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds Web/opener/sodium.wasm: libsodium 1.0.18 for the browser opener (Spec/opener.md §3).
#
# The source is libsodium's release as PyPI's PyNaCl 1.5.0 sdist carries it, downloaded at build time and checked
# against a pinned SHA-256 (third-party source is never committed). Only the files behind the entry points of
# coffer_sodium.c are compiled, with the Swift toolchain's clang for wasm32-wasi against Debian's wasi-libc.
#   Web/build-libsodium-wasm.sh OUT.wasm        build into OUT.wasm
#   Web/build-libsodium-wasm.sh --check         build into a temporary file; fail unless it equals
#                                               Web/opener/sodium.wasm
set -euo pipefail
cd "$(dirname "$0")"

PYNACL_VERSION=1.5.0
PYNACL_SHA256=8ac7448f09ab85811607bdd21ec2464495ac8b7c66d146bf545b0f08fb9220ba
CLANG="${COFFER_WASM_CLANG:-/opt/swift/usr/bin/clang}"
[ -x "$CLANG" ] || CLANG="$(dirname "$(readlink -f "$(command -v swift)")")/clang"
SYSROOT=/usr
BUILTINS="$(ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a 2>/dev/null | head -n 1)"

say() { printf 'build-libsodium-wasm: %s\n' "$*" >&2; }

check=0
out="${1:-}"
if [ "$out" = --check ]; then check=1; out=""; fi
[ -n "$out" ] || [ "$check" = 1 ] || { say "usage: $0 OUT.wasm | --check"; exit 2; }
[ -d "$SYSROOT/include/wasm32-wasi" ] || { say "wasi-libc is missing (apt-get install wasi-libc)"; exit 1; }
[ -n "$BUILTINS" ] || { say "libclang-rt-14-dev-wasm32 is missing"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ "$check" = 1 ] && out="$work/sodium.wasm"

# The sdist: the file COFFER_PYNACL_SDIST names (an offline machine), else from the pip cache when present, else
# PyPI; either way its hash is checked before it is opened.
if [ -n "${COFFER_PYNACL_SDIST:-}" ]; then
    cp "$COFFER_PYNACL_SDIST" "$work/PyNaCl-$PYNACL_VERSION.tar.gz"
else
    pip download --quiet --no-deps --no-binary :all: --no-build-isolation -d "$work" "pynacl==$PYNACL_VERSION" \
        >/dev/null 2>&1 || pip download --quiet --no-deps --no-binary :all: -d "$work" "pynacl==$PYNACL_VERSION" >&2
fi
tarball="$(ls "$work"/[Pp]y[Nn]a[Cc]l-"$PYNACL_VERSION".tar.gz)"
echo "$PYNACL_SHA256  $tarball" | sha256sum --check --quiet - || { say "PyNaCl sdist hash mismatch"; exit 1; }
tar -xzf "$tarball" -C "$work"
src="$work/PyNaCl-$PYNACL_VERSION/src/libsodium/src/libsodium"
sed -e 's/@VERSION@/1.0.18/' -e 's/@SODIUM_LIBRARY_VERSION_MAJOR@/10/' -e 's/@SODIUM_LIBRARY_VERSION_MINOR@/3/' \
    -e 's/@SODIUM_LIBRARY_MINIMAL_DEF@//' "$src/include/sodium/version.h.in" > "$src/include/sodium/version.h"

files=(
    crypto_generichash/blake2b/ref/blake2b-ref.c
    crypto_generichash/blake2b/ref/blake2b-compress-ref.c
    crypto_generichash/blake2b/ref/generichash_blake2b.c
    crypto_pwhash/argon2/argon2.c
    crypto_pwhash/argon2/argon2-core.c
    crypto_pwhash/argon2/argon2-fill-block-ref.c
    crypto_pwhash/argon2/blake2b-long.c
    crypto_aead/chacha20poly1305/sodium/aead_chacha20poly1305.c
    crypto_aead/xchacha20poly1305/sodium/aead_xchacha20poly1305.c
    crypto_core/hchacha20/core_hchacha20.c
    crypto_stream/chacha20/stream_chacha20.c
    crypto_stream/chacha20/ref/chacha20_ref.c
    crypto_onetimeauth/poly1305/onetimeauth_poly1305.c
    crypto_onetimeauth/poly1305/donna/poly1305_donna.c
    crypto_pwhash/scryptsalsa208sha256/crypto_scrypt-common.c
    crypto_pwhash/scryptsalsa208sha256/scrypt_platform.c
    crypto_pwhash/scryptsalsa208sha256/pbkdf2-sha256.c
    crypto_pwhash/scryptsalsa208sha256/nosse/pwhash_scryptsalsa208sha256_nosse.c
    crypto_auth/hmacsha256/auth_hmacsha256.c
    crypto_hash/sha256/cp/hash_sha256_cp.c
    crypto_verify/sodium/verify.c
    sodium/utils.c
)
flags=(--target=wasm32-wasi --sysroot="$SYSROOT" -O3 -msimd128 -std=c99 -DNATIVE_LITTLE_ENDIAN=1 -DCONFIGURED=1
    -D_GNU_SOURCE -I"$src/include/sodium" -I"$src/include" -I"$src/crypto_pwhash/argon2"
    -ffile-prefix-map="$work"=/src -fno-ident -Wno-everything)
objects=()
for file in "${files[@]}" ../../libsodium/coffer_sodium.c; do
    object="$work/$(echo "$file" | tr / _).o"
    case "$file" in ../*) path="$PWD/libsodium/coffer_sodium.c" ;; *) path="$src/$file" ;; esac
    "$CLANG" "${flags[@]}" -c "$path" -o "$object"
    objects+=("$object")
done
"$CLANG" --target=wasm32-wasi --sysroot="$SYSROOT" -mexec-model=reactor -nostartfiles -O2 \
    -Wl,--no-entry -Wl,--strip-all -Wl,--growable-table \
    -Wl,--initial-memory=1114112 -Wl,--max-memory=2147483648 -nodefaultlibs \
    "${objects[@]}" -L"$SYSROOT/lib/wasm32-wasi" -lc "$BUILTINS" -o "$out"

hash="$(sha256sum "$out" | cut -d' ' -f1)"
if [ "$check" = 1 ]; then
    expected="$(sha256sum opener/sodium.wasm | cut -d' ' -f1)"
    [ "$hash" = "$expected" ] || { say "rebuilt sodium.wasm $hash differs from the committed $expected"; exit 1; }
    say "rebuilt sodium.wasm is byte-identical to Web/opener/sodium.wasm (sha256 $hash)"
else
    say "wrote $out (sha256 $hash)"
fi
