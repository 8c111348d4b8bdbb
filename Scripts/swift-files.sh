#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Swift files swift-format owns, one per line: every tracked or new .swift file outside build folders
# (Package.swift, Sources, Tests, Examples, Scripts…). Used by `./dev lint` and Scripts/format-tree.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files --cached --others --exclude-standard -- '*.swift' | while read -r file; do
    [ -f "$file" ] && printf '%s\n' "$file"
done
