#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the DocC documentation of the `Coffer` library with the toolchain's `docc`, over the symbol graph of the
# product (Scripts/symbol-graph.sh): no plugin in Package.swift, so the normal build does not change. Any warning
# (a broken ``symbol`` link, a doc comment naming a parameter that does not exist…) fails the build.
#   Scripts/docs.sh [DIR]   writes a static site to DIR (default .build/docs); `./dev docs` runs this
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-.build/docs}"
graphs="$(mktemp -d)"
trap 'rm -rf "$graphs"' EXIT
Scripts/symbol-graph.sh "$graphs" -skip-synthesized-members >/dev/null
rm -rf "$out"
docc convert Sources/Coffer/Coffer.docc --additional-symbol-graph-dir "$graphs" --output-path "$out" \
    --fallback-display-name Coffer --fallback-bundle-identifier org.coffer.Coffer \
    --transform-for-static-hosting --warnings-as-errors
echo "docs: $out (open index.html through any static web server)" >&2
