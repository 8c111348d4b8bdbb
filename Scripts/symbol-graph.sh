#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes the symbol graph of the `Coffer` library product (the umbrella module with the four layers it re-exports)
# into DIR, from the debug build: offline, with the toolchain's swift-symbolgraph-extract only.
#   Scripts/symbol-graph.sh DIR [extra swift-symbolgraph-extract flags…]
# Used by Scripts/public-api.sh (counts) and Scripts/docs.sh (DocC).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:?usage: Scripts/symbol-graph.sh DIR [flags...]}"
shift
export SWIFT_BACKTRACE=enable=no
swift build --target Coffer >&2
bin="$(swift build --show-bin-path)"
modules="$bin/Modules"
[ -d "$modules" ] || modules="$bin"
mkdir -p "$out"
# The C modules are imported `internal`, but loading the layers' modules still needs their module maps.
triple="$(swiftc -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')"
swift-symbolgraph-extract -module-name Coffer -target "$triple" \
    -I "$modules" -I Sources/CSodium -I Sources/CArgon2 -I Sources/COpenSSL -I "$bin/CXWing.build" \
    -minimum-access-level public -output-dir "$out" \
    -experimental-allowed-reexported-modules=CofferPrimitives,CofferAge,CofferKeys,CofferSharing "$@"
