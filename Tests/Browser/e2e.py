# SPDX-License-Identifier: MIT
"""End to end in Chromium (Playwright) and Firefox ESR (Marionette): age files made and linked by the `coffer`
CLI, served by the fixture's storage origin, opened through the deployed page. Chromium sees every state
(downloads, a resumed download, CSP, SRI, password, mistyped, cut, expired, revoked, gone, tampered); Firefox the
downloads, password, mistyped, expired and revoked, and a service worker ended mid-save. Screenshots go to
OUT/e2e-*.png and OUT/firefox-*.png."""
import hashlib
import os
import re
import subprocess
import time

from browsers import (CHROMIUM, RIGHT_PASSWORD, ChromiumTab, Firefox, check_download, check_no_fragments,
                      check_password, check_refused, coffer_binary, expires_soon, fragment, mistyped)

SIZES = {"0-bytes": 0, "1-byte": 1, "64-KiB": 65536, "multi-chunk": 3 * 65536 + 1234}


class Files:
    """Random files, encrypted and linked by the CLI, put into the fixture's storage directory."""

    def __init__(self, coffer, work, storage, base_url):
        self.coffer, self.work, self.storage, self.base_url = coffer, work, storage, base_url
        self.key = work / "me.key"
        subprocess.run([coffer, "keygen", "-o", str(self.key)], check=True, capture_output=True)
        self.fragments = []
        self.recipient = re.search(r"age1[0-9a-z]+", self.key.read_text()).group(0)

    def make(self, name, size, *link_options):
        """Returns (sha256 of the plaintext, link, lookup id, encrypted path)."""
        plain = os.urandom(size)
        (self.work / name).write_bytes(plain)
        encrypted = self.work / f"{name}.age"
        subprocess.run([self.coffer, "encrypt", "-r", self.recipient, "-o", str(encrypted), str(self.work / name)],
                       check=True, capture_output=True)
        link = subprocess.run([self.coffer, "link", "create", "-i", str(self.key), "--base-url", self.base_url,
                               *link_options, str(encrypted)], check=True, capture_output=True, text=True)
        text = link.stdout.strip()
        self.fragments.append(fragment(text))
        lookup = text.split("#")[0].rsplit("/", 1)[1]
        (self.storage / lookup).write_bytes(encrypted.read_bytes())
        return hashlib.sha256(plain).hexdigest(), text, lookup, encrypted


def chromium(fixture, storage, run, work, out, say, files):
    from playwright.sync_api import sync_playwright
    label = "e2e"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = lambda: ChromiumTab(browser, out, "e2e-")  # noqa: E731

        def refused(name, link, error, title_part):
            # A fresh tab each time: a link that differs from the last one only after "#" would not reload it.
            page = tab()
            check_refused(run, label, page, name, link, error, title_part)
            page.close()

        for name, size in SIZES.items():
            digest, link, _, _ = files.make(name, size)
            page = tab()
            page.open(link)
            check_download(run, label, page, name, digest)
            page.close()

        # Resume: the storage holds the first answer in the middle of chunk 2 and cuts it once the page has read
        # the header (it says "ready"); the page asks again with Range from where it had read.
        digest, link, lookup, _ = files.make("resumed", 4 * 65536 + 7)
        cut, held = storage / f"{lookup}.cut", storage / f"{lookup}.held"
        cut.write_text(str(2 * 65552 + 5000))
        page = tab()
        page.page.on("console", lambda m: m.type == "error" and say(f"resumed console: {m.text}"))
        page.open(link)
        state = page.wait(["ready", "error"])
        run.record("e2e resumed: the storage held the first answer mid-file while the page read the header",
                   held.exists() and state[0] == "ready", f"held {held.exists()}, state {state}")
        cut.unlink()
        check_download(run, label, page, "resumed", digest)
        page.close()
        ranged = [line for line in (out / "access.log").read_text().splitlines()
                  if lookup in line and "Range=bytes=" in line]
        # The file fits in one window: only a resumed request starts after byte 0.
        run.record("e2e resumed: a Range request from a later offset",
                   any(int(re.search(r"Range=bytes=(\d+)-", line).group(1)) > 0 for line in ranged), f"log {ranged}")

        # Windows (Spec/opener.md §2): a file of three windows is asked for as exactly three ranges, each from
        # where the last ended, the later ones with If-Range.
        window = 256 * 65552
        digest, link, lookup, _ = files.make("windows", 2 * window + 3 * 65536)
        page = tab()
        page.open(link)
        check_download(run, label, page, "windows", digest)
        page.close()
        asked = [re.search(r"Range=bytes=(\d+)-(\d+) If-Range=(\S+)", line)
                 for line in (out / "access.log").read_text().splitlines()
                 if line.startswith("storage GET") and lookup in line]
        ranges = [(int(m.group(1)), int(m.group(2)), m.group(3) != "None") if m else None for m in asked]
        expected = [(0, window - 1, False), (window, 2 * window - 1, True), (2 * window, 3 * window - 1, True)]
        run.record("e2e windows: three Range windows, the later ones with If-Range", ranges == expected, f"{ranges}")

        # The CSP lets the page talk to storage and nothing else, even when asked from inside the page.
        _, link, _, _ = files.make("csp", 10)
        page = tab()
        page.open(link)
        page.wait(["ready", "error"])
        other = fixture.opener_origin.replace("127.0.0.1", "localhost") + "/l/style.css"
        outcome = page.page.evaluate("url => fetch(url, { mode: 'no-cors' }).then(() => 'fetched', e => 'refused')",
                                     other)
        run.record("e2e csp: connect-src refuses an origin other than storage", outcome == "refused", outcome)
        page.close()

        # Subresource Integrity: a deployed module changed by its host is not run.
        module = work / "opener" / "js" / "link-text.js"
        original = module.read_bytes()
        module.write_bytes(original + b"\n// changed by the host\n")
        page = tab()
        errors = []
        page.page.on("console", lambda m: errors.append(m.text))
        files.fragments.append(fragment(link))
        page.open(link)
        page.page.wait_for_timeout(3000)
        state = page.state()
        page.screenshot("sri-changed-module")
        say(f"sri: the browser said {[e for e in errors if 'integrity' in e.lower()][:1]}")
        run.record("e2e sri: a changed module is refused and the page never opens the link",
                   state[0] == "loading", f"state {state}, console {errors[:3]}")
        page.close()
        module.write_bytes(original)
        page = tab()
        page.open(link)
        state = page.wait(["ready", "error"])
        run.record("e2e sri: the same link opens with the module as released", state[0] == "ready", f"{state}")
        page.close()

        # A password link: a wrong password first (the message, then the form again), then the right one.
        digest, link, _, _ = files.make("password", 70000, "--password-file", str(work / "pw"))
        page = tab()
        check_password(run, label, page, link)
        check_download(run, label, page, "password-right", digest)
        page.close()

        # A mistyped link: refused before any request to storage; a cut one too.
        _, link, lookup, _ = files.make("mistyped", 10)
        storage_hits = lambda: sum(1 for line in (out / "access.log").read_text().splitlines()  # noqa: E731
                                   if line.startswith("storage") and lookup in line)
        before = storage_hits()
        refused("mistyped", mistyped(link), "checksumMismatch", "cut or mistyped")
        run.record("e2e mistyped: no request reached storage", storage_hits() == before)
        refused("cut", link.split("#")[0] + "#", "missingSecret", "incomplete")

        # Expired (made with --expires an instant a few seconds ahead, opened after it).
        _, link, _, _ = files.make("expired", 10, "--expires", expires_soon())
        time.sleep(4)
        refused("expired", link, "linkExpired", "expired")

        # Revoked: `coffer link revoke` and the stanza is gone from the served file; or storage says 404 / 410.
        _, link, lookup, encrypted = files.make("revoked", 10)
        subprocess.run([files.coffer, "link", "revoke", "-i", str(files.key), lookup, str(encrypted)], check=True,
                       capture_output=True)
        (storage / lookup).write_bytes(encrypted.read_bytes())
        refused("revoked-stanza", link, "noLinkStanza", "revoked")
        (storage / lookup).unlink()
        refused("revoked-404", link, "notFound", "revoked")
        _, link, lookup, _ = files.make("gone", 10)
        (storage / f"{lookup}.gone").write_text("")
        refused("gone-410", link, "gone", "no longer available")

        # Tampered: one payload byte flipped in the second chunk. Through the private file system (the page's
        # first choice): nothing reaches Downloads, and what was written of the file is removed at once.
        _, link, lookup, _ = files.make("tampered", 3 * 65536)
        data = bytearray((storage / lookup).read_bytes())
        data[-65536] ^= 1
        (storage / lookup).write_bytes(bytes(data))
        page = tab()
        page.open(link)
        page.wait(["ready", "error"])
        finished = page.save_failed()
        state = page.state()
        page.screenshot("tampered")
        run.record("e2e tampered: chunkAuthenticationFailed", state[1] == "chunkAuthenticationFailed", f"{state}")
        run.record("e2e tampered: through the private file system", state[5] == "private file system", f"{state}")
        run.record("e2e tampered: no download reached the browser's downloads", not finished, f"{finished}")
        run.record("e2e tampered: its private file is removed", page.saves() == [], f"{page.saves()}")
        page.close()

        # The same through the service worker (where the file does not fit in the browser's storage; here the page's
        # switch): the download the browser had started is marked failed, not complete.
        page = tab()
        page.open(link)
        page.wait(["ready", "error"])
        page.pass_over_private_files()
        saved = page.save()
        state = page.state()
        page.screenshot("tampered-service-worker")
        run.record("e2e tampered, service worker: chunkAuthenticationFailed",
                   state[1] == "chunkAuthenticationFailed" and state[5] == "service worker", f"{state}")
        run.record("e2e tampered, service worker: the download is marked failed, not complete", saved is None,
                   "completed")
        page.close()

        private_files(run, label, storage, tab, files).close()
        browser.close()


# The storage lost in the middle of a save: the fixture stops at 4 MiB of a 16 MiB file, then cuts the
# connection and answers the page's request for the rest with 410.
DROPPED_BYTES = 16 << 20
DROPPED_AT = 4 << 20


def private_files(run, label, storage, open_tab, files):
    """The private file system's files (Spec/opener.md §4): a finished save's file stays while its page is open
    (the download may still read it) and is removed by the next page start, like one an earlier visit left
    behind; a save that fails midway removes its file and starts no download."""
    digest, link, _, _ = files.make(f"{label.replace(' ', '-')}-private", 5 * 65536 + 1)
    page = open_tab()
    page.open(link)
    check_download(run, label, page, "private", digest)
    held = page.saves()
    run.record(f"{label} private file: kept while the page that saved it is open",
               page.state()[5] == "private file system" and len(held) == 1, f"{page.state()}, {held}")
    page.leave_save()  # as an earlier visit that ended before its page could remove it
    run.record(f"{label} private file: one left behind", len(page.saves()) == 2, f"{page.saves()}")
    page.reload()
    page.wait(["ready", "error"])
    run.record(f"{label} private file: the next page start removes both", page.saves() == [], f"{page.saves()}")

    _, link, lookup, _ = files.make(f"{label.replace(' ', '-')}-dropped", DROPPED_BYTES)
    pause, paused = storage / f"{lookup}.pause", storage / f"{lookup}.paused"
    pause.write_text(str(DROPPED_AT))
    page.open(link)
    page.wait(["ready", "error"])
    before, downloaded = page.saves(), page.finished_downloads()
    page.click("#save")
    deadline = time.monotonic() + 60
    while not paused.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    page.wait(["saving"])  # the storage paused while the page read ahead, maybe before the click
    time.sleep(1)
    writing = page.saves()
    (storage / f"{lookup}.gone").write_text("")
    pause.unlink()
    state = page.wait(["error", "done"], 60)
    time.sleep(1)
    page.screenshot("storage-dropped")
    run.record(f"{label} storage dropped mid-save: the page says so",
               state[0] == "error" and state[5] == "private file system", f"{state}")
    run.record(f"{label} storage dropped mid-save: the private file existed, and is removed",
               len(writing) == len(before) + 1 and page.saves() == [], f"{before} {writing} {page.saves()}")
    run.record(f"{label} storage dropped mid-save: nothing reached the downloads",
               page.finished_downloads() == downloaded, f"{downloaded} -> {page.finished_downloads()}")
    return page


def firefox(fixture, storage, run, work, out, files):
    label = "firefox e2e"
    work = work / "firefox"
    work.mkdir()
    browser = Firefox(work, out)
    try:
        for name, size in SIZES.items():
            digest, link, _, _ = files.make(f"ff-{name}", size)
            browser.open(link)
            check_download(run, label, browser, name, digest)
        digest, link, _, _ = files.make("ff-password", 70000, "--password-file", str(work.parent / "pw"))
        check_password(run, label, browser, link)
        check_download(run, label, browser, "password-right", digest)
        _, link, _, _ = files.make("ff-mistyped", 10)
        check_refused(run, label, browser, "mistyped", mistyped(link), "checksumMismatch", "cut or mistyped")
        _, link, _, _ = files.make("ff-expired", 10, "--expires", expires_soon())
        time.sleep(4)
        check_refused(run, label, browser, "expired", link, "linkExpired", "expired")
        _, link, lookup, _ = files.make("ff-revoked", 10)
        (storage / lookup).unlink()
        check_refused(run, label, browser, "revoked-404", link, "notFound", "revoked")

        # Tampered, through the private file system: nothing reaches Downloads, the written part is removed.
        _, link, lookup, _ = files.make("ff-tampered", 3 * 65536)
        data = bytearray((storage / lookup).read_bytes())
        data[-65536] ^= 1
        (storage / lookup).write_bytes(bytes(data))
        browser.open(link)
        browser.wait(["ready", "error"])
        appeared = browser.save_failed()
        state = browser.state()
        browser.screenshot("tampered")
        run.record(f"{label} tampered: chunkAuthenticationFailed through the private file system",
                   state[1] == "chunkAuthenticationFailed" and state[5] == "private file system", f"{state}")
        run.record(f"{label} tampered: nothing reached Downloads", not appeared, f"{appeared}")
        run.record(f"{label} tampered: its private file is removed", browser.saves() == [], f"{browser.saves()}")

        private_files(run, label, storage, lambda: browser, files)
    finally:
        browser.close()


# Firefox ending an idle service worker 0.5 s after its last event, and 0.5 s more (the extended timeout) while a
# response is still streaming: 1 s in all, shorter than the page's keep-alive (every 2 s), so during the pause
# below the worker is ended whatever the machine's speed.
# The storage limit makes the file too large for the private file system, so the page saves through the worker.
WORKER_ENDED = ('user_pref("dom.serviceWorkers.idle_timeout", 500);\n'
                'user_pref("dom.serviceWorkers.idle_extended_timeout", 500);\n'
                'user_pref("dom.quotaManager.temporaryStorage.fixedLimit", 16384);\n')
WORKER_ENDED_BYTES = 16 << 20
WORKER_ENDED_PAUSE_AT = 4 << 20
WORKER_ENDED_PAUSE_SECONDS = 8


def firefox_worker_ended(storage, run, work, out, files, say):
    """A service worker ended mid-save: Firefox keeps what it received under the file's name as if it were whole,
    so the page must say the save stopped (saveStalled). Deterministic: the fixture stops sending at 4 MiB of a
    16 MiB file (`.pause`) and goes on only after 8 s without an event the worker could outlive, so the save goes on
    with no worker to take it."""
    label = "firefox e2e worker ended mid-save"
    work = work / "worker-ended"
    work.mkdir()
    _, link, lookup, _ = files.make("ff-worker-ended", WORKER_ENDED_BYTES)
    pause, paused = storage / f"{lookup}.pause", storage / f"{lookup}.paused"
    pause.write_text(str(WORKER_ENDED_PAUSE_AT))
    browser = Firefox(work, out, "worker-ended-", WORKER_ENDED)
    try:
        browser.open(link)
        browser.wait(["ready", "error"])
        browser.click("#save")
        deadline = time.monotonic() + 60
        while not paused.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        run.record(f"{label}: the storage paused mid-file", paused.exists(), "the page never reached the pause")
        time.sleep(WORKER_ENDED_PAUSE_SECONDS)
        pause.unlink()
        started = time.monotonic()
        state = browser.wait(["error", "done"], 90)
        browser.screenshot("stalled")
        say(f"firefox, worker ended mid-save: the page said {state[1] or state[0]} "
            f"{time.monotonic() - started:.1f} s after the storage went on")
        run.record(f"{label}: the page says the save stopped",
                   state[1] == "saveStalled" and "stopped saving" in state[2] and state[5] == "service worker",
                   f"state {state}")
    finally:
        browser.close()


def run_all(fixture, storage, run, work, out, say, root):
    files = Files(coffer_binary(root), work, storage, f"{fixture.opener_origin}/l/")
    (work / "pw").write_text(RIGHT_PASSWORD + "\n")
    started = time.monotonic()
    chromium(fixture, storage, run, work, out, say, files)
    say(f"end to end in chromium took {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    firefox(fixture, storage, run, work, out, files)
    firefox_worker_ended(storage, run, work, out, files, say)
    say(f"end to end in firefox took {time.monotonic() - started:.1f}s")
    check_no_fragments(run, "e2e", out / "access.log", files.fragments)
