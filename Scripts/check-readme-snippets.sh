#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every ```swift block of README.md must appear, line for line, in Examples/Sources/ClientExample/main.swift, which
# `./dev examples` compiles and runs: a README snippet that no longer compiles, or was edited apart from the
# example, fails here. Exit 1 names the first snippet not found.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - README.md Examples/Sources/ClientExample/main.swift <<'PY'
import re, sys

readme, example = (open(path, encoding="utf-8").read() for path in sys.argv[1:3])
snippets = re.findall(r"^```swift\n(.*?)^```$", readme, flags=re.S | re.M)
for number, snippet in enumerate(snippets, 1):
    if snippet not in example:
        print(f"README.md: swift snippet {number} is not in {sys.argv[2]}:\n{snippet}", file=sys.stderr)
        sys.exit(1)
print(f"README.md: {len(snippets)} swift snippets, each compiled as part of {sys.argv[2]}", file=sys.stderr)
if not snippets:
    sys.exit(1)
PY
