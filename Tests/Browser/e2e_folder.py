# SPDX-License-Identifier: MIT
"""Vault folder links in the opener (Spec/opener.md §8), in Chromium (Playwright) and Firefox ESR (Marionette).

Through a real `coffer serve`: an account and a vault made by the CLI (`account create`, `vault init`, `mkdir`,
`put`), folder links made by `coffer vault link create`, the page deployed with `--vault NAME` for the server's
own origin (a signed request names the origin it was sent to, server.md §6.1, so the page talks to the server
directly here, not through the logging proxy of e2e_serve.py). The page reads every record with requests signed
by the key it derives from the link: the folder is listed (names, sizes) and each file (0 B, 1 B, multi-chunk)
saved byte-identical; a password folder link (asked, wrong, right); revoked (`vault link revoke`): `notFound`;
a file link still downloads through the same deployment.

Against the fixture storage (fixture_server.py serving a directory vault the test edits): a folder id swapped in
the link record (`targetMismatch`), another account's bundle under the owner's name (`accountIDMismatch`), a
child's node record swapped for its sibling's (`recordMisplaced`), the listing re-signed by a key that is no
writer (`unauthorizedWriter`), the listing's chunks withheld (`childMissing`): each its message, nothing listed;
a file's body edited near its end: listed, its save stops with `contentDamaged`, no finished file.

Also through `coffer serve`, vault.md §8.6's example: a link to a non-shared subfolder of a shared folder, where
the member wrote: the member's file listed and saved.
"""
import hashlib
import pathlib
import random
import shutil
import subprocess
import time

import fixture_server
from browsers import (RIGHT_PASSWORD, WRONG_PASSWORD, CHROMIUM, ChromiumTab, Firefox, check_download,
                      check_refused, coffer_binary, fragment)
from e2e_serve import Files, Serve

VAULT = "team"
FILES = [("empty.bin", 0), ("one.bin", 1), ("multi.bin", 3 * 65536 + 77)]
# /docs/sub and /docs/sub/deep: opened from the list, each a level further down (vault.md §8.1 from the parent).
SUB_FILES = [("inner.bin", 65536 + 5)]
DEEP_FILES = [("deep.txt", 12)]
# /big: above the 64 MiB a record read whole may have (vault-records.js), five windows of opener.md §2.
BIG = ("big.bin", 65 * 1024 * 1024 + 4321)


class Owner:
    """An account with a vault on `store` (a `coffer serve` URL, or a directory with the vault at `vault`)."""

    def __init__(self, coffer, work, store, vault, name="owner"):
        self.coffer, self.work = coffer, work
        (work / f"{name}.pw").write_text(f"{name} passphrase\n")
        self.place = ["--store", store, "--device", str(work / f"dev-{name}")]
        self.common = [*self.place, "--passphrase-file", str(work / f"{name}.pw")]
        self.plain(["account", "create", *self.common])
        shown = self.plain(["account", "show", *self.place]).splitlines()
        self.bundle = next(line.split(" ", 1)[1] for line in shown if line.startswith("bundle "))
        self.fingerprint = next(line.split(" ", 1)[1] for line in shown if line.startswith("fingerprint "))
        self.common += ["--vault", vault]
        self.run("vault", "init")

    def plain(self, arguments):
        done = subprocess.run([self.coffer, *arguments], cwd=self.work, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"coffer {' '.join(arguments[:3])}: {done.stderr}")
        return done.stdout

    def run(self, *arguments):
        if "--" in arguments:
            at = arguments.index("--")
            return self.plain([*arguments[:at], *self.common, *arguments[at:]])
        return self.plain([*arguments, *self.common])

    def folder(self, path, files):
        """`mkdir path`, then each (name, size) put below it; returns {name: bytes}."""
        self.run("vault", "mkdir", path)
        contents = {}
        for name, size in files:
            local = self.work / f"plain-{name}"
            data = bytes((i * 131 + size) % 251 for i in range(size))
            local.write_bytes(data)
            self.run("vault", "put", str(local), f"{path}/{name}")
            contents[name] = data
        return contents

    def trust(self, other, name):
        """Pins and verifies `other` as the contact `name` (vault.md §8.5: shares only with verified contacts)."""
        self.plain(["contact", "add", name, other.bundle, *self.place])
        self.plain(["contact", "verify", name, "--fingerprint", other.fingerprint, *self.place])

    def link(self, path, base_url, *options):
        return self.run("vault", "link", "create", path, "--base-url", base_url, *options).strip()


def lookup(link):
    return link.split("#")[0].rsplit("/", 1)[1]


def password_link(run, label, tab, link):
    """Asked, wrong (said so, asked again), right (opened)."""
    tab.open(link)
    state = tab.wait(["password", "error"])
    tab.screenshot("folder-password-asked")
    run.record(f"{label} password: the page asks for it", state[0] == "password", f"state {state}")
    tab.type("#password", WRONG_PASSWORD)
    tab.click("#password-form button")
    state = tab.wait_error("wrongPassword", "password")
    tab.screenshot("folder-password-wrong")
    run.record(f"{label} password: a wrong password is said so", "Wrong password" in state[3], f"state {state}")
    tab.type("#password", RIGHT_PASSWORD)
    tab.click("#password-form button")
    state = tab.wait(["error", "folder"], 120)
    tab.screenshot("folder-password-right")
    run.record(f"{label} password: the right one opens it", state[0] == "folder", f"state {state}")


LISTED = "Array.from(document.querySelectorAll('#folder li'), (li) => li.textContent.trim())"


def listed(tab):
    """The page's folder list, one text per entry."""
    if isinstance(tab, ChromiumTab):
        return tab.page.evaluate(LISTED)
    return tab.driver.execute_script(f"return {LISTED}")


def size_text(size):
    """main.js's formatSize."""
    if size < 1024:
        return f"{size} bytes"
    value, unit = size, 0
    while value >= 1024 and unit < 4:
        value /= 1024
        unit += 1
    return f"{value:.1f} {['bytes', 'KiB', 'MiB', 'GiB', 'TiB'][unit]}"


SAVED = "[document.body.dataset.state, document.body.dataset.saved || '']"


def wait_saved(tab, name, seconds):
    """Until the page says `name` is saved, or an error (one open of the folder saves several files in turn)."""
    if isinstance(tab, ChromiumTab):
        tab.page.wait_for_selector(f'body[data-state="done"][data-saved="{name}"], body[data-state="error"]',
                                   state="attached", timeout=seconds * 1000)
        return
    from marionette_driver.errors import UnexpectedAlertOpen
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            answer = tab.driver.execute_script(f"return {SAVED}")
        except UnexpectedAlertOpen:  # Firefox's own "could not be saved" dialog for a failed download, dismissed
            answer = None
        if not answer:
            time.sleep(0.2)
            continue
        state, saved = answer
        if state == "error" or (state == "done" and saved == name):
            return
        time.sleep(0.1)


def save_file(tab, name, seconds=60):
    """Clicks the Save button of `name`; the saved file's path, or None (as browsers.py's `save`)."""
    selector = f'#folder button[data-name="{name}"]'
    if isinstance(tab, ChromiumTab):
        # Through the private file system the download starts only once the file is whole (a failed save starts
        # none), just after the page says "done"; through the service worker it starts first.
        before = len(tab.started)
        tab.page.click(selector)
        wait_saved(tab, name, seconds)
        deadline = time.monotonic() + 10
        while len(tab.started) == before and tab.state()[0] == "done" and time.monotonic() < deadline:
            tab.page.wait_for_timeout(100)
        if len(tab.started) == before:
            return None
        download = tab.started[before]
        return None if download.failure() else pathlib.Path(download.path())
    before = set(tab.downloads.iterdir())
    tab.click(selector)
    wait_saved(tab, name, seconds)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = set(tab.downloads.iterdir())
        new = [p for p in now - before if not p.name.endswith(".part")]
        if len(new) == 1 and not any(p.name.endswith(".part") for p in now):
            return new[0]
        time.sleep(0.2)
    return None


def folder_saves(run, label, link, contents, open_tab):
    """The listing (names and sizes), then each file saved byte-identical, one after another from the list."""
    tab = open_tab()
    tab.open(link)
    state = tab.wait(["folder", "error"], 120)
    tab.screenshot("folder-listed")
    shown = listed(tab) if state[0] == "folder" else []
    expected = sorted([f"{name} — {size_text(size)} Save" for name, size in FILES] + ["sub/ — a folder Open"])
    run.record(f"{label}: the folder is listed (names, sizes)", state[0] == "folder" and shown == expected,
               f"state {state}, listed {shown}")
    for name, size in FILES:
        path = save_file(tab, name)
        state = tab.state()
        tab.screenshot(f"folder-saved-{name}")
        got = path.read_bytes() if path else None
        run.record(f"{label}: {name} ({size} B) saved byte-identical", state[0] == "done" and got == contents[name],
                   f"state {state}, saved {path}")
        if path and path.parent.name == "firefox-downloads":
            path.unlink()


PATH = "document.body.dataset.path || ''"


def page_path(tab):
    if isinstance(tab, ChromiumTab):
        return tab.page.evaluate(PATH)
    return tab.driver.execute_script(f"return {PATH}")


def up_shown(tab):
    script = "!document.getElementById('folder-up').hidden && !document.getElementById('folder-nav').hidden"
    if isinstance(tab, ChromiumTab):
        return tab.page.evaluate(script)
    return tab.driver.execute_script(f"return {script}")


def open_listed(tab, selector, path):
    """Clicks the button `selector` (Open or Up) and waits until the page shows the folder `path`, or an error."""
    tab.click(selector)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = tab.state()
        if state[0] == "error" or (state[0] == "folder" and page_path(tab) == path):
            return state
        time.sleep(0.1)
    return tab.state()


def subfolder_case(run, label, link, contents, open_tab):
    """Opens /sub and /sub/deep from the list, saves a file in each, goes back up to the linked folder, whose
    Up button is hidden: the page never goes above the linked folder."""
    tab = open_tab()
    tab.open(link)
    state = tab.wait(["folder", "error"], 120)
    run.record(f"{label} subfolder: the linked folder has no Up", state[0] == "folder" and not up_shown(tab),
               f"state {state}")
    state = open_listed(tab, '#folder button[data-folder="sub"]', "/sub/")
    tab.screenshot("folder-subfolder")
    shown = listed(tab) if state[0] == "folder" else []
    expected = sorted([f"{name} — {size_text(size)} Save" for name, size in SUB_FILES] + ["deep/ — a folder Open"])
    run.record(f"{label} subfolder: /sub listed", shown == expected and up_shown(tab), f"state {state}, {shown}")
    for folder, files in (("/sub/", SUB_FILES), ("/sub/deep/", DEEP_FILES)):
        if folder == "/sub/deep/":
            state = open_listed(tab, '#folder button[data-folder="deep"]', folder)
            tab.screenshot("folder-subfolder-deep")
            shown = listed(tab) if state[0] == "folder" else []
            run.record(f"{label} subfolder: /sub/deep listed",
                       shown == [f"{n} — {size_text(s)} Save" for n, s in files], f"state {state}, {shown}")
        for name, size in files:
            path = save_file(tab, name) if tab.state()[0] in ("folder", "done") else None
            got = path.read_bytes() if path else None
            run.record(f"{label} subfolder: {folder}{name} ({size} B) saved byte-identical", got == contents[name],
                       f"state {tab.state()}, saved {path}")
            if path and path.parent.name == "firefox-downloads":
                path.unlink()
    state = open_listed(tab, "#folder-up", "/sub/")
    state = open_listed(tab, "#folder-up", "/") if state[0] == "folder" else state
    tab.screenshot("folder-subfolder-up")
    shown = listed(tab) if state[0] == "folder" else []
    run.record(f"{label} subfolder: back up to the linked folder, and no further",
               page_path(tab) == "/" and "sub/ — a folder Open" in shown and not up_shown(tab),
               f"state {state}, path {page_path(tab)}, {shown}")


def big_case(run, label, link, digest, open_tab):
    """A file above 64 MiB (a record read whole is at most that): its body read in ranged windows, saved
    byte-identical (compared by SHA-256)."""
    tab = open_tab()
    tab.open(link)
    state = tab.wait(["folder", "error"], 120)
    path = save_file(tab, BIG[0], 600) if state[0] == "folder" else None
    state = tab.state()
    tab.screenshot("folder-big-saved")
    got = hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    run.record(f"{label}: {BIG[0]} ({BIG[1]} B, above 64 MiB) saved byte-identical",
               state[0] == "done" and got == digest, f"state {state}, saved {path}")
    if path and path.parent.name == "firefox-downloads":
        path.unlink()


def shared_case(run, label, link, open_tab):
    """A link to a non-shared subfolder of a shared folder, where a member wrote: listed and saved."""
    tab = open_tab()
    tab.open(link)
    state = tab.wait(["folder", "error"], 120)
    tab.screenshot("folder-shared-listed")
    shown = listed(tab) if state[0] == "folder" else []
    run.record(f"{label} shared: the member's file is listed", shown == ["note.txt — 15 bytes Save"],
               f"state {state}, listed {shown}")
    if state[0] != "folder":
        return
    path = save_file(tab, "note.txt")
    got = path.read_bytes() if path else None
    run.record(f"{label} shared: the member's file saved byte-identical", got == b"from the member",
               f"state {tab.state()}, saved {path}")
    if path and path.parent.name == "firefox-downloads":
        path.unlink()


def serve_cases(run, label, links, files, open_tab, contents):
    folder_saves(run, label, links["plain"], contents, open_tab)
    subfolder_case(run, label, links["subfolders"], contents, open_tab)
    big_case(run, label, links["big"], contents[BIG[0]], open_tab)
    shared_case(run, label, links["shared"], open_tab)
    password_link(run, label, open_tab(), links["password"])
    check_refused(run, label, open_tab(), "folder-revoked", links["revoked"], "notFound", "revoked")
    digest, link, _, _, _ = files.make(f"{label.replace(' ', '-')}-file", 70000)
    tab = open_tab()
    tab.open(link)
    check_download(run, f"{label} (a file link where folder links are read)", tab, "folder-deployment-file", digest)


# The body record of the etag-changed case, whose reads the access log must show as windows with If-Range.
WINDOWED = []

# The hostile cases that list the folder, then fail saving its one file.
SAVES = {"content-tampered": "big.bin", "body-length-wrong": "long.bin", "etag-changed": "changing.bin"}


def hostile_save(run, label, name, link, error, title, open_tab):
    """A folder that lists, one of whose files the storage edited: the save stops with `error` and no finished file
    is kept (through the private file system no download starts)."""
    tab = open_tab()
    tab.open(link)
    state = tab.wait(["folder", "error"], 120)
    path = save_file(tab, SAVES[name], 120) if state[0] == "folder" else None
    for _ in range(3):
        try:
            state = tab.state()
            break
        except Exception:  # Firefox's failed-download dialog, dismissed by Marionette on the first try
            time.sleep(0.5)
    tab.screenshot(f"folder-hostile-{name}")
    run.record(f"{label} {name}: {error}, nothing saved",
               state[:2] == ["error", error] and title in state[2] and path is None, f"state {state}, saved {path}")


def hostile_subfolder(run, label, link, error, title, open_tab):
    """A folder that lists, whose subfolder's keyring the storage swapped for its sibling's: opening the subfolder
    stops with `error`, and nothing of it is listed."""
    tab = open_tab()
    tab.open(link)
    state = tab.wait(["folder", "error"], 120)
    if state[0] == "folder":
        state = open_listed(tab, '#folder button[data-folder="a"]', "/a/")
    tab.screenshot("folder-hostile-subfolder-swapped")
    run.record(f"{label} subfolder-swapped: {error}", state[:2] == ["error", error] and title in state[2],
               f"state {state}")
    shown = listed(tab)
    run.record(f"{label} subfolder-swapped: nothing listed", not shown, f"{shown}")


def move_case(run, label, link, open_tab):
    """A subfolder whose move out of the linked folder is under way: opened through its kept keyring
    (`.keys-<parent>`), its file saved (as `coffer vault link open ls /sub` reads it, checked in make_hostile)."""
    tab = open_tab()
    tab.open(link)
    state = tab.wait(["folder", "error"], 120)
    if state[0] == "folder":
        state = open_listed(tab, '#folder button[data-folder="sub"]', "/sub/")
    tab.screenshot("folder-move-under-way")
    shown = listed(tab) if state[0] == "folder" else []
    run.record(f"{label} move-under-way: the subfolder opens through its kept keyring",
               shown == ["moved.txt — 7 bytes Save"], f"state {state}, {shown}")
    path = save_file(tab, "moved.txt") if shown else None
    got = path.read_bytes() if path else None
    run.record(f"{label} move-under-way: its file saved byte-identical", got == bytes((i * 131 + 7) % 251
               for i in range(7)), f"state {tab.state()}, saved {path}")
    if path and path.parent.name == "firefox-downloads":
        path.unlink()


def hostile_cases(run, label, links, open_tab):
    for name, (link, error, title) in links.items():
        if name in SAVES:
            hostile_save(run, label, name, link, error, title, open_tab)
            continue
        if name == "move-under-way":
            move_case(run, label, link, open_tab)
            continue
        if name == "subfolder-swapped":
            hostile_subfolder(run, label, link, error, title, open_tab)
            continue
        tab = open_tab()
        tab.open(link)
        try:
            state = tab.wait(["error", "folder"], 60)
        except Exception:  # Playwright's timeout: the state as it is
            state = tab.state()
        tab.screenshot(f"folder-hostile-{name}")
        run.record(f"{label} {name}: {error}", state[:2] == ["error", error] and title in state[2], f"state {state}")
        shown = listed(tab)
        run.record(f"{label} {name}: nothing listed", not shown, f"{shown}")


def resign(path, label, key):
    """The record at `path` signed anew by `key` (an Ed25519 private key of `cryptography`), as that account."""
    from cryptography.hazmat.primitives import serialization
    data = path.read_bytes()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signer = hashlib.blake2b(b"coffer/v1/account-id" + public, digest_size=16).digest()
    signed = data[:-80] + signer
    path.write_bytes(signed + key.sign(label.encode() + b"\0" + signed))


def make_hostile(coffer, work, base, vaults):
    """A directory vault the fixture serves (`vaults/team`), and links whose records the test then edits."""
    vault = vaults / VAULT
    vault.parent.mkdir(parents=True, exist_ok=True)
    owner = Owner(coffer, work, str(work / "hostile-store"), str(vault))
    owner.folder("/docs", [("a.txt", 10)])
    owner.folder("/other", [("b.txt", 20)])
    links = {}
    # The record names the folder by id outside the signature; the commitment binds it (links.md §8.1 step 2).
    swapped = owner.link("/docs", base)
    other = owner.link("/other", base)
    record = vault / f"link-{lookup_hex(swapped)}"
    data = bytearray(record.read_bytes())
    data[:16] = (vault / f"link-{lookup_hex(other)}").read_bytes()[:16]
    record.write_bytes(bytes(data))
    links["folder-id-swapped"] = (swapped, "targetMismatch", "altered")
    # Each of the next folders is hit in one record the reader needs (vault.md §8.2, §8.3).
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    for name, error, title in [("child-swapped", "recordMisplaced", "altered"),
                               ("listing-by-non-writer", "unauthorizedWriter", "altered"),
                               ("chunk-withheld", "childMissing", "missing")]:
        owner.folder(f"/{name}", [("x.txt", 30), ("y.txt", 40)])
        link = owner.link(f"/{name}", base)
        folder = record_folder(vault / f"link-{lookup_hex(link)}")
        if name == "child-swapped":
            nodes = sorted(vault.glob("*.node-*"))
            mine = [p for p in nodes if p.name.startswith(child_prefixes(vault, folder))]
            mine[0].write_bytes(mine[1].read_bytes())
        elif name == "listing-by-non-writer":
            resign(vault / f"{folder}.list", "coffer/v1/vault/listing-head", Ed25519PrivateKey.generate())
        else:
            for chunk in vault.glob(f"{folder}.chunk-*"):
                chunk.unlink()
        links[name] = (link, error, title)
    # A subfolder's keyring swapped for its sibling's (vault.md §8.1 step 2, reached from the linked folder): the
    # linked folder lists, opening /a is `recordMisplaced`.
    owner.folder("/subfolder-swapped", [])
    owner.folder("/subfolder-swapped/a", [("in-a.txt", 3)])
    owner.folder("/subfolder-swapped/b", [("in-b.txt", 4)])
    subfolder_link = owner.link("/subfolder-swapped", base)
    sub_ids = child_prefixes(vault, record_folder(vault / f"link-{lookup_hex(subfolder_link)}"))
    keyrings = [vault / f"{sub}.keys" for sub in sub_ids]
    assert len(keyrings) == 2 and all(p.is_file() for p in keyrings), keyrings
    first, second = keyrings[0].read_bytes(), keyrings[1].read_bytes()
    keyrings[0].write_bytes(second)
    keyrings[1].write_bytes(first)
    links["subfolder-swapped"] = (subfolder_link, "recordMisplaced", "altered")
    # vault.md §8.1 step 2, a move under way (§10.4): /moving/sub moved to /elsewhere/sub, stopped after the
    # destination's commit — `sub.keys` names /elsewhere, `sub.keys-<moving>` keeps the keyring under /moving, and
    # /moving still lists sub. Made by snapshotting the vault, `vault mv`, then putting back what the source's side
    # held. The link to /moving opens sub only through `.keys-<parent>` (else `recordMisplaced`).
    owner.folder("/moving", [])
    owner.folder("/moving/sub", [("moved.txt", 7)])
    owner.folder("/elsewhere", [])
    moving_link = owner.link("/moving", base)
    moving_id = record_folder(vault / f"link-{lookup_hex(moving_link)}")
    before = {p.name: p.read_bytes() for p in vault.iterdir() if p.is_file()}
    (sub_id,) = child_prefixes(vault, moving_id)
    owner.run("vault", "mv", "/moving/sub", "/elsewhere/sub")
    for name, data in before.items():
        if name.startswith(f"{moving_id}.") or not (vault / name).exists():
            (vault / name).write_bytes(data)
    (vault / f"{sub_id}.keys-{moving_id}").write_bytes(before[f"{sub_id}.keys"])
    assert (vault / f"{sub_id}.keys").read_bytes() != before[f"{sub_id}.keys"], "the move re-wrapped the keyring"
    (work / "moving.link").write_text(moving_link + "\n")
    swift = subprocess.run([coffer, "vault", "link", "open", "--link-file", str(work / "moving.link"), "--vault",
                            str(vault), "ls", "/sub"], capture_output=True, text=True)
    assert swift.returncode == 0 and "moved.txt" in swift.stdout, f"the Swift reader: {swift.stderr}"
    links["move-under-way"] = (moving_link, None, "moved.txt")
    # A file whose body the storage edited after its first chunks: listed, then its save fails part-way.
    owner.folder("/content-tampered", [("big.bin", 3 * 65536 + 99)])
    tampered = owner.link("/content-tampered", base)
    for body in vault.glob("*.body-*"):
        if body.stat().st_size > 3 * 65536:
            data = bytearray(body.read_bytes())
            data[-20] ^= 1
            body.write_bytes(bytes(data))
    links["content-tampered"] = (tampered, "contentDamaged", "altered")
    # vault.md §8.4 step 1: a body one byte longer than the metadata's size needs, refused before it is read.
    owner.folder("/body-length-wrong", [("long.bin", 2 * 65536 + 3)])
    long_link = owner.link("/body-length-wrong", base)
    body = next(p for p in vault.glob("*.body-*") if p.stat().st_size == 16 + 2 * 65536 + 3 + 3 * 16)
    body.write_bytes(body.read_bytes() + b"\0")
    links["body-length-wrong"] = (long_link, "recordTooLarge", "altered")
    # A body of two windows (opener.md §2) whose ETag changes between them: the second window's If-Range no
    # longer matches, the storage answers 200 with the whole record, the page stops (`unavailable`).
    size = 17 * 1024 * 1024
    owner.folder("/etag-changed", [("changing.bin", size)])
    changing = owner.link("/etag-changed", base)
    body = next(p for p in vault.glob("*.body-*") if p.stat().st_size > size)
    (vaults.parent / f"{body.name}.etag-flip").write_text("")
    WINDOWED.append(body.name)
    links["etag-changed"] = (changing, "unavailable", "storage")
    # Another account's bundle stored under the linking owner's name (links.md §8.1 step 4). A link create stores
    # its owner's bundle again, so the owner here is a second account of the vault, hit after every link is made.
    second = Owner(coffer, work, str(work / "second-store"), str(vault), name="second")
    second.folder("/mine", [("m.txt", 5)])
    bundle_link = second.link("/mine", base)
    second_id = record_owner(vault / f"link-{lookup_hex(bundle_link)}")
    first_id = record_owner(vault / f"link-{lookup_hex(swapped)}")
    shutil.copyfile(vault / f"{first_id}.bundle", vault / f"{second_id}.bundle")
    links["bundle-swapped"] = (bundle_link, "accountIDMismatch", "altered")
    return links


def record_folder(path):
    return path.read_bytes()[:16].hex()


def child_prefixes(vault, folder):
    """The hex ids of the children the folder's chunks list (each entry: id 16, kind 1, hash 32, tag 16)."""
    ids = []
    for chunk in vault.glob(f"{folder}.chunk-*"):
        data = chunk.read_bytes()
        count = int.from_bytes(data[45:49], "big")
        ids += [data[49 + 65 * i:49 + 65 * i + 16].hex() for i in range(count)]
    return tuple(ids)


def record_owner(path):
    """The owner named in a stored folder link (links.md §8.1: folderID ‖ a version 2 envelope without a KDF)."""
    envelope = path.read_bytes()[16:]
    assert envelope[0] == 2 and envelope[59] == 0, "a version 2 record without a password"
    return envelope[60:76].hex()


def lookup_hex(link):
    import base64
    text = lookup(link)
    return base64.urlsafe_b64decode(text + "==").hex()


def run_all(run, work, out, say, root, harness):
    """Starts coffer serve, an opener deployed for it with --vault, and a hostile fixture; runs both browsers.
    Returns the fragments of every link made, for the access log check."""
    work = work / "folder"
    work.mkdir()
    coffer = coffer_binary(root)
    serve = Serve(coffer, work / "data")
    (work / "unused-storage").mkdir()
    deploy = ["python3", str(root / "Web" / "deploy-opener.py"), "deploy"]
    pages = fixture_server.Fixture(work / "opener", harness, work / "unused-storage", out / "access.log")
    subprocess.run([*deploy, serve.url.rstrip("/"), str(work / "opener"), "--vault", VAULT], check=True,
                   capture_output=True)
    (work / "hostile-storage").mkdir()
    hostile_pages = fixture_server.Fixture(work / "hostile-opener", harness, work / "hostile-storage",
                                           out / "access.log")
    subprocess.run([*deploy, hostile_pages.storage_origin, str(work / "hostile-opener"), "--vault", VAULT],
                   check=True, capture_output=True)
    try:
        base = f"{pages.opener_origin}/l/"
        owner = Owner(coffer, work, serve.url, VAULT)
        contents = owner.folder("/docs", FILES)
        contents.update(owner.folder("/docs/sub", SUB_FILES))
        contents.update(owner.folder("/docs/sub/deep", DEEP_FILES))
        owner.run("vault", "mkdir", "/big")
        big = random.Random(BIG[1]).randbytes(BIG[1])
        (work / "big.bin").write_bytes(big)
        owner.run("vault", "put", str(work / "big.bin"), "/big/big.bin")
        contents[BIG[0]] = hashlib.sha256(big).hexdigest()
        del big
        (work / "lp").write_text(RIGHT_PASSWORD + "\n")
        links = {"plain": owner.link("/docs", base),
                 "password": owner.link("/docs", base, "--password-file", str(work / "lp"))}
        links["revoked"] = owner.link("/docs", base)
        links["big"] = owner.link("/big", base)
        links["subfolders"] = owner.link("/docs", base)  # another text: Firefox does not reload the same address
        # vault.md §8.6's example: /team shared with a member, /team/sub not shared and linked, the member writes
        # there: the page accepts the member's listing and record only through the walk up and down.
        member = Owner(coffer, work, serve.url, VAULT, name="member")
        owner.trust(member, "member")
        member.trust(owner, "owner")
        owner.run("vault", "mkdir", "/team")
        owner.run("vault", "mkdir", "/team/sub")
        owner.run("vault", "share", "/team", "--with", "member")
        member.run("vault", "accept", "--from", "owner", "--as", "team")
        links["shared"] = owner.link("/team/sub", base)
        (work / "note.txt").write_bytes(b"from the member")
        member.run("vault", "put", str(work / "note.txt"), "@team/sub/note.txt")
        owner.run("vault", "link", "revoke", "--", lookup(links["revoked"]))
        files = Files(coffer, work, serve.url, base)
        hostile = make_hostile(coffer, work, f"{hostile_pages.opener_origin}/l/", work / "hostile-storage" / "vaults")
        chromium(run, out, links, files, hostile, contents)
        firefox(run, work, out, links, files, hostile, contents)
        reads = hostile_pages.state.get("record reads", [])
        run.record("folder hostile: the page read the vault records it needed, signed", len(reads) >= 4, f"{reads}")
        second = f"records/{WINDOWED[0]} Range=bytes=16781312-33562623 If-Range=\""
        windows = [line for line in (out / "access.log").read_text().splitlines() if second in line]
        run.record("folder hostile: a body is read in windows, the second with If-Range (both browsers)",
                   len(windows) == 2, f"{len(windows)} lines with {second}")
    finally:
        pages.stop()
        hostile_pages.stop()
        serve.stop()
    return [fragment(link) for link in links.values()] + [fragment(link) for link, _, _ in hostile.values()]


def chromium(run, out, links, files, hostile, contents):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tabs = []

        def open_tab():
            if tabs:
                tabs.pop().close()
            tabs.append(ChromiumTab(browser, out, "folder-"))
            return tabs[-1]

        serve_cases(run, "folder e2e", links, files, open_tab, contents)
        hostile_cases(run, "folder hostile", hostile, open_tab)
        tabs.pop().close()
        browser.close()


def firefox(run, work, out, links, files, hostile, contents):
    (work / "firefox").mkdir()
    browser = Firefox(work / "firefox", out, "folder-")
    try:
        serve_cases(run, "folder firefox e2e", links, files, lambda: browser, contents)
        hostile_cases(run, "folder firefox hostile", hostile, lambda: browser)
    finally:
        browser.close()
