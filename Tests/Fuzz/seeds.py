#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Builds the seed corpus of one fuzz target from TestVectors/ into a directory (called by `./dev fuzz`; nothing
# generated here is committed). Usage: seeds.py TARGET DIRECTORY
import base64, glob, hashlib, json, os, re, sys, zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "TestVectors", "published")
GENERATED = os.path.join(ROOT, "..", "generated")
# FuzzAccountRecords' selector byte for each hex field of the keys vectors.
RECORD_FIELDS = {"account": 0, "identitySecrets": 1, "kdf": 2, "bundle": 3, "wrapped": 4}
CCTV = os.path.join(ROOT, "cctv-age")
AGE_EXAMPLES = os.path.join(ROOT, "filosottile-age")


def cctv_files():
    for name in sorted(os.listdir(CCTV)):
        if name not in ("LICENSE", "SOURCES.md"):
            with open(os.path.join(CCTV, name), "rb") as f:
                yield f.read()


def cctv_case(contents):
    """(header fields, age file) of one CCTV vector, inflating `compressed: zlib` bodies."""
    head, _, body = contents.partition(b"\n\n")
    fields = [line.split(b": ", 1) for line in head.split(b"\n") if b": " in line]
    if [b"compressed", b"zlib"] in fields:
        body = zlib.decompress(body)
    return fields, body


def stanzas(age_file):
    """(type, arguments, body) of every stanza in a binary age header."""
    lines = age_file.split(b"\n")
    found, i = [], 1
    while i < len(lines) and lines[i].startswith(b"-> "):
        words = lines[i][3:].split(b" ")
        body, i = b"", i + 1
        while i < len(lines):
            body += lines[i]
            i += 1
            if len(lines[i - 1]) < 64:
                break
        found.append((words[0], words[1:], body))
    return found


def seeds(target):
    cases = [cctv_case(c) for c in cctv_files()]
    files = [body for _, body in cases]
    if target == "FuzzAgeHeader":
        yield from files
        yield open(os.path.join(AGE_EXAMPLES, "example.age"), "rb").read()
    elif target == "FuzzArmor":
        yield from (body for fields, body in cases if [b"armored", b"yes"] in fields)
    elif target == "FuzzRecipientStrings":
        keys = open(os.path.join(AGE_EXAMPLES, "example_keys.txt"), "rb").read()
        yield keys
        yield from re.findall(rb"age1[0-9a-z]+", keys)
        yield from {v for fields, _ in cases for k, v in fields if k == b"identity"}
    elif target == "FuzzStanzaBodies":
        for body in files:
            for kind, arguments, text in stanzas(body):
                if kind in (b"X25519", b"scrypt"):
                    try:
                        raw = base64.b64decode(text + b"=" * (-len(text) % 4))
                    except ValueError:
                        continue
                    yield bytes([0 if kind == b"X25519" else 1]) + b" ".join(arguments) + b"\n" + raw
    elif target == "FuzzBase64":
        for body in files:
            for _, arguments, text in stanzas(body):
                yield text
                yield from arguments
    elif target == "FuzzStream":
        # mode, chunks per batch, size (2), tamper position (4), read range (4), content
        for mode in range(3):
            for size in (b"\x00\x00", b"\x00\x10", b"\x55\x55", b"\xff\xff"):
                yield bytes([mode, mode + 1]) + size + b"\x00\x01\x00\x10" + b"\x00\x10\x01\x00" + b"coffer"
    elif target == "FuzzAccountRecords":
        for path in sorted(glob.glob(os.path.join(GENERATED, "keys_*.json"))):
            for group in json.load(open(path))["testGroups"]:
                for test in group["tests"]:
                    for field, selector in RECORD_FIELDS.items():
                        if isinstance(test.get(field), str) and re.fullmatch(r"([0-9a-f]{2})*", test[field]):
                            yield bytes([selector]) + bytes.fromhex(test[field])
                    if isinstance(test.get("text"), str):
                        yield b"\x05" + test["text"].encode()
                    for field in ("written", "canonical"):
                        if isinstance(test.get(field), str):
                            yield b"\x06" + test[field].encode()
    elif target == "FuzzVaultRecords":
        selectors = {"folder_keyring": 0, "share_record": 2, "node_record": 3, "manifest": 4}
        for path in sorted(glob.glob(os.path.join(GENERATED, "vault_*.json"))):
            kind = os.path.basename(path)[len("vault_"):-len(".json")]
            for group in json.load(open(path))["testGroups"]:
                for test in group["tests"]:
                    if kind in selectors and re.fullmatch(r"([0-9a-f]{2})*", test.get("record", "x")):
                        yield bytes([selectors[kind]]) + bytes.fromhex(test["record"])
                    if kind == "folder_key_stanza" and isinstance(test.get("arguments"), list):
                        body = bytes.fromhex(test.get("body", ""))
                        yield b"\x05" + " ".join(test["arguments"]).encode() + b"\n" + body
    elif target == "FuzzLinks":
        # 0 link text, 1 envelope, 2 stored folder link, 3 "ARGUMENTS\nBODY" link stanza, 4 "LINK\nFILE",
        # 5 "LINK\nSTORED FOLDER LINK"
        for path in sorted(glob.glob(os.path.join(GENERATED, "links_*.json"))):
            for group in json.load(open(path))["testGroups"]:
                for test in group["tests"]:
                    link = test.get("link", "").encode()
                    if link:
                        yield b"\x00" + link
                    if isinstance(test.get("file"), str):
                        yield b"\x04" + link + b"\n" + bytes.fromhex(test["file"])
                        for _, arguments, text in stanzas(bytes.fromhex(test["file"])):
                            try:
                                raw = base64.b64decode(text + b"=" * (-len(text) % 4))
                            except ValueError:
                                continue
                            yield b"\x03" + b" ".join(arguments) + b"\n" + raw
                            yield b"\x01" + raw
                    if isinstance(test.get("envelope"), str) and isinstance(test.get("folderId"), str):
                        stored = bytes.fromhex(test["folderId"]) + bytes.fromhex(test["envelope"])
                        yield b"\x01" + bytes.fromhex(test["envelope"])
                        yield b"\x02" + stored
                        yield b"\x05" + link + b"\n" + stored
    elif target == "FuzzVectorFiles":
        yield from cctv_files()
    else:
        sys.exit(f"seeds.py: unknown target {target}")


def main():
    target, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    count = 0
    for seed in seeds(target):
        with open(os.path.join(directory, hashlib.sha1(seed).hexdigest()), "wb") as f:
            f.write(seed)
        count += 1
    print(f"seeds.py: {count} seeds for {target}", file=sys.stderr)


main()
