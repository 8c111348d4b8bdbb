#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The opener's release tooling (Spec/opener.md §5), standard library only.

  deploy-opener.py deploy STORAGE_ORIGIN OUT_DIR [--vault NAME]
                                                  copy Web/opener to OUT_DIR, STORAGE_ORIGIN filled into index.html;
                                                  --vault names the record space folder links are read from
                                                  (opener.md §8; without it the page opens file links only)
  deploy-opener.py check                          index.html's integrity attributes and sodium.js's wasm hash match
                                                  the files; print the release manifest and its SHA-256
  deploy-opener.py update-sri                     rewrite the integrity attributes (after editing a module)
  deploy-opener.py verify URL_OR_DIR STORAGE_ORIGIN [--vault NAME]
                                                  fetch a deployed opener and compare it with this release
"""
import base64
import hashlib
import pathlib
import re
import shutil
import sys
import urllib.request

OPENER = pathlib.Path(__file__).resolve().parent / "opener"
PLACEHOLDER = "STORAGE_ORIGIN"
VAULT_PLACEHOLDER = 'content="VAULT_NAME"'
VAULT = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
ORIGIN = re.compile(r"^(https://[a-z0-9.-]+(:[0-9]{1,5})?|http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?)$")


# Modules the page never loads: age's own identities and armor, for the CCTV tests through the same reader.
TEST_ONLY = {"js/age-armor.js", "js/age-identities.js", "js/bech32.js"}


def files():
    return sorted(p for p in OPENER.rglob("*") if p.is_file())


def sri(path):
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


IMPORTMAP = re.compile(r'(<script type="importmap">)(.*?)(</script>)', re.S)
CSP_HASH = re.compile(r"'(?:IMPORTMAP_HASH|sha256-[A-Za-z0-9+/=]{44})'")


def page_modules():
    return sorted(str(p.relative_to(OPENER)) for p in (OPENER / "js").glob("*.js")
                  if str(p.relative_to(OPENER)) not in TEST_ONLY)


def importmap_text():
    """The import map pins every module the page imports: browsers check `integrity` there for static imports,
    which modulepreload alone does not guarantee."""
    entries = ",\n".join(f'        "./{m}": "{sri(OPENER / m)}"' for m in page_modules())
    return '\n{\n    "integrity": {\n' + entries + "\n    }\n}\n"


def csp_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def integrity_problems(html):
    problems = []
    found = IMPORTMAP.search(html)
    if not found or found.group(2) != importmap_text():
        problems.append("the import map does not pin every page module as it is")
    elif csp_hash(found.group(2)) not in html:
        problems.append("the CSP does not name the import map's hash")
    for match in re.finditer(r'(?:href|src)="([^"]+)"\s+integrity="([^"]*)"', html):
        target = OPENER / match.group(1)
        if not target.is_file() or sri(target) != match.group(2):
            problems.append(match.group(1))
    wasm = hashlib.sha256((OPENER / "sodium.wasm").read_bytes()).hexdigest()
    if wasm not in (OPENER / "js" / "sodium.js").read_text():
        problems.append("sodium.js does not pin sodium.wasm's SHA-256")
    return problems


def manifest():
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(OPENER)}\n" for p in files())


def deployed_index(html, origin, vault):
    """index.html as deployed: the storage origin in its two places, the record space (or nothing) in its meta."""
    return html.replace(PLACEHOLDER, origin).replace(VAULT_PLACEHOLDER, f'content="{vault}"')


def vault_option(args):
    """(the arguments without `--vault NAME`, NAME or "")."""
    if "--vault" not in args:
        return args, ""
    at = args.index("--vault")
    if at + 1 >= len(args) or not VAULT.match(args[at + 1]):
        sys.exit("deploy-opener: --vault needs a record space name (a-z, 0-9, '.', '_', '-'; at most 128)")
    return args[:at] + args[at + 2:], args[at + 1]


def deploy(origin, out, vault):
    if not ORIGIN.match(origin):
        sys.exit(f"deploy-opener: {origin!r} is not an https origin (or http on localhost), without path or '/'")
    out = pathlib.Path(out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(OPENER, out)
    index = out / "index.html"
    index.write_text(deployed_index(index.read_text(), origin, vault))


def main(argv):
    argv, vault = vault_option(argv)
    command = argv[1] if len(argv) > 1 else ""
    html = (OPENER / "index.html").read_text()
    if command == "deploy" and len(argv) == 4:
        deploy(argv[2], argv[3], vault)
    elif command == "check":
        problems = integrity_problems(html)
        if VAULT_PLACEHOLDER not in html:
            problems.append("index.html has no coffer-vault meta element to fill")
        for problem in problems:
            print(f"deploy-opener: integrity mismatch: {problem}", file=sys.stderr)
        text = manifest()
        print(text, end="")
        print(f"release manifest sha256 {hashlib.sha256(text.encode()).hexdigest()}")
        return 1 if problems else 0
    elif command == "update-sri":
        html = re.sub(r'((?:href|src)="([^"]+)"\s+integrity=")[^"]*"',
                      lambda m: f'{m.group(1)}{sri(OPENER / m.group(2))}"', html)
        text = importmap_text()
        html = IMPORTMAP.sub(lambda m: m.group(1) + text + m.group(3), html)
        html = CSP_HASH.sub(csp_hash(text), html)
        (OPENER / "index.html").write_text(html)
    elif command == "verify" and len(argv) == 4:
        base, origin = argv[2].rstrip("/") + "/", argv[3]
        bad = []
        for path in files():
            name = str(path.relative_to(OPENER))
            expected = path.read_bytes()
            if name == "index.html":
                expected = deployed_index(expected.decode(), origin, vault).encode()
            with urllib.request.urlopen(base + name) as response:
                if response.read() != expected:
                    bad.append(name)
        print("deployed opener matches this release" if not bad else f"differs: {', '.join(bad)}")
        return 1 if bad else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
