#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Counts the public API of the `Coffer` library product: what `import Coffer` gives a client, read from the symbol
# graph (Scripts/symbol-graph.sh), so it is the compiler's view, not a grep.
#   Scripts/public-api.sh            the total, the count per module, the undocumented declarations
#   Scripts/public-api.sh --max N    the same, and exit 1 when the total exceeds N (for the test command)
#   Scripts/public-api.sh --list     every public declaration, one per line (module, kind, path), for diffs
# A declaration is every public symbol: types, members, enum cases, operators, and the initialisers the compiler
# writes for a public conformance (init(rawValue:), init(from:)). Left out: members a type only inherits from a
# protocol's default implementation (`!=`, `hashValue`…), which are not written anywhere in our sources.
# Undocumented: a declaration written in Sources/ with no doc comment of its own and none inherited from the
# protocol requirement it implements.
set -euo pipefail
cd "$(dirname "$0")/.."

max="" list=0
while (($#)); do
    case "$1" in
        --max) [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "public-api: --max needs a number" >&2; exit 2; }
            max="$2"; shift 2 ;;
        --list) list=1; shift ;;
        *) sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
Scripts/symbol-graph.sh "$scratch" -skip-synthesized-members >/dev/null

python3 - "$scratch/Coffer.symbols.json" "$max" "$list" <<'PY'
import collections, json, re, sys

path, maximum, listing = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
symbols = json.load(open(path))["symbols"]

def module(symbol):
    """The module whose source declares the symbol: from its file, else from its mangled name."""
    uri = symbol.get("location", {}).get("uri", "")
    found = re.search(r"/Sources/([^/]+)/", uri)
    if found:
        return found.group(1)
    mangled = re.match(r"s:(\d+)", symbol["identifier"]["precise"])
    return symbol["identifier"]["precise"][len(mangled.group(0)):][: int(mangled.group(1))] if mangled else "?"

def name(symbol):
    return ".".join(symbol["pathComponents"])

def where(symbol):
    location = symbol["location"]
    file = re.sub(r"^.*?/Sources/", "Sources/", location["uri"])
    return f"{file}:{location['position']['line'] + 1}"

if listing:
    for symbol in sorted(symbols, key=lambda s: (module(s), name(s), s["identifier"]["precise"])):
        print(f"{module(symbol)}\t{symbol['kind']['identifier'].removeprefix('swift.')}\t{name(symbol)}")
    sys.exit(0)

kinds = {"swift.struct", "swift.enum", "swift.class", "swift.protocol", "swift.typealias"}
per_module = collections.Counter(module(s) for s in symbols)
types = collections.Counter(module(s) for s in symbols if s["kind"]["identifier"] in kinds)
undocumented = [s for s in symbols if "location" in s and not s.get("docComment")]
missing = collections.Counter(module(s) for s in undocumented)

print(f"public declarations of the Coffer product: {len(symbols)} "
      f"({sum(types.values())} types, {len(undocumented)} undocumented)")
for name_ in sorted(per_module):
    print(f"  {name_:<18} {per_module[name_]:>5} declarations  {types[name_]:>4} types  "
          f"{missing[name_]:>4} undocumented")
print("undocumented:")
for symbol in sorted(undocumented, key=where):
    print(f"  {where(symbol)}  {symbol['kind']['identifier'].removeprefix('swift.')} {name(symbol)}")
if maximum and len(symbols) > int(maximum):
    print(f"public-api: {len(symbols)} public declarations, more than the allowed {maximum}", file=sys.stderr)
    sys.exit(1)
PY
