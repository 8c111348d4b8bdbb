#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reformats every Swift file of the repository in place with the checked-in .swift-format (swift-format from the
# toolchain), then lints it as `./dev lint` does. Run it once, on a tree nobody else is editing, and commit the
# result on its own ("Format: swift format over the tree"); afterwards `./dev lint` keeps it that way.
#   Scripts/format-tree.sh [DIR]   DIR: another checkout to format (default: this one)
set -euo pipefail
root="${1:-$(dirname "$0")/..}"
cd "$root"
mapfile -t files < <(Scripts/swift-files.sh)
swift format format --in-place --parallel --configuration .swift-format "${files[@]}"
swift format lint --strict --parallel --configuration .swift-format "${files[@]}"
echo "format-tree: ${#files[@]} files formatted; lint is clean" >&2
