# SPDX-License-Identifier: MIT
"""The vector cases the browser runs through the opener's modules, as one JSON list of suites."""
import base64
import json
import pathlib
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "TestVectors"


def cctv_case(path):
    raw = path.read_bytes()
    head, _, body = raw.partition(b"\n\n")
    case = {"name": path.name, "identities": [], "passphrases": [], "armored": False}
    compressed = False
    for line in head.decode().split("\n"):
        key, _, value = line.partition(": ")
        if key == "identity":
            case["identities"].append(value)
        elif key == "passphrase":
            case["passphrases"].append(value)
        elif key == "expect":
            case["expect"] = value
        elif key == "payload":
            case["payload"] = value
        elif key == "armored":
            case["armored"] = value == "yes"
        elif key == "compressed":
            compressed = value == "zlib"
    if compressed:
        body = zlib.decompress(body)
    case["file"] = base64.b64encode(body).decode()
    return case


def cctv_suite():
    """Every CCTV case with an X25519 identity or a passphrase. Post-quantum hybrid cases are checked X25519-only,
    as the Swift runner does: with an X25519 identity the exact class; the others have no identity the opener
    could hold (ML-KEM is in neither WebCrypto nor libsodium 1.0.18) and are left out, counted in `excluded`."""
    tests, excluded = [], []
    for path in sorted((VECTORS / "published" / "cctv-age").iterdir()):
        if path.name in ("LICENSE", "SOURCES.md"):
            continue
        case = cctv_case(path)
        x25519 = [i for i in case["identities"] if i.startswith("AGE-SECRET-KEY-1")]
        if not x25519 and not case["passphrases"]:
            excluded.append(path.name)
            continue
        case["identities"] = x25519
        tests.append(case)
    return {"name": "cctv-age", "algorithm": "cctv-age", "tests": tests, "excluded": excluded}


def generated(name):
    data = json.loads((VECTORS / "generated" / f"{name}.json").read_text())
    tests = [t for group in data["testGroups"] for t in group["tests"]]
    assert len(tests) == data["numberOfTests"], name
    return {"name": name, "algorithm": data["algorithm"], "tests": tests}


def argon2_suite():
    """The Argon2id tags of argon2_backends.json (p = 1 and p = 2): the wasm's lanes against libargon2's."""
    suite = generated("argon2_backends")
    suite["tests"] = [t for t in suite["tests"] if t["result"] == "valid" and t["variant"] == "argon2id"]
    return suite


def all_suites():
    return [generated("links_share_link"), generated("links_file_link"), generated("links_folder_link"),
            generated("vault_folder_key_stanza"), generated("vault_folder_keyring"),
            generated("vault_node_record"), generated("vault_listing"),
            generated("vault_manifest"), generated("vault_member_list"), argon2_suite(), cctv_suite()]
