# SPDX-License-Identifier: MIT
"""End to end through `coffer serve` (Spec/opener.md §6): a real `coffer serve --data DIR` is the storage, files are
linked and uploaded by `coffer link create --server STORAGE --base-url OPENER/l/`, revoked by `coffer link revoke
--server`, and opened in Chromium (Playwright) and Firefox ESR (Marionette) through the opener deployed on its own
origin (the fixture's static server serves only the page). The browser reaches the server through a logging proxy
(fixture_server.LoggingProxy), whose log of every request line and header is checked for fragments.

Also measures, in both browsers, the 64 MiB and 1 GiB downloads (through an opener deployed for coffer serve's own
origin, without the proxy; a fresh browser for each) — time and renderer peak memory — against `coffer link open`,
and the password link's Argon2id in the page against the CLI (BENCHMARKS.md). COFFER_BROWSER_1GIB=0 skips them.
"""
import os
import re
import shutil
import subprocess
import time

import fixture_server
from browsers import (CHROMIUM, RIGHT_PASSWORD, ChromiumTab, Firefox, check_download, check_no_fragments,
                      check_password, check_refused, chromium_renderer, chromium_root, coffer_binary, cpu_seconds,
                      cpu_used, expires_soon, firefox_content, fragment, mistyped, peak_rss_mib, process_peak_mib,
                      sha256_file, write_random)

SIZES = {"0-bytes": 0, "1-byte": 1, "64-KiB": 65536, "multi-chunk": 5 * 65536 + 4321}
BENCH_SIZES = {"64-MiB": 64 << 20, "1-GiB": 1 << 30}
# COFFER_BROWSER_4GIB=1 adds a 4 GiB point (memory flat in file size; about 17 GiB of free disk: the encrypted
# file, coffer serve's copy, the browser's download and the CLI's output).
if os.environ.get("COFFER_BROWSER_4GIB") == "1":
    BENCH_SIZES["4-GiB"] = 4 << 30
# The save paths the bench measures (Spec/opener.md §4): "opfs", the page's first choice where the file fits, and,
# with COFFER_BROWSER_SW=1, also "sw", the service worker, which the page takes when it does not (forced here by
# the page's switch in Chromium, by a storage limit too small for the file in Firefox).
BENCH_PATHS = ["opfs", "sw"] if os.environ.get("COFFER_BROWSER_SW") == "1" else ["opfs"]
# Firefox with a storage limit of 16 MiB: no file of the bench fits in its origin-private file system.
FIREFOX_SMALL_QUOTA = 'user_pref("dom.quotaManager.temporaryStorage.fixedLimit", 16384);\n'
SINKS = {"opfs": "private file system", "sw": "service worker"}
# Firefox with its service-worker lifetime shortened from 30 s (after the last event) to 3 s (still longer than the
# page's 2 s keep-alive): a save that takes longer finishes only because the page keeps the worker alive (save.js);
# without that a 256 MiB save stopped at 80 MiB. The file is 512 MiB so that the save outlasts the limit on a fast,
# idle machine too (256 MiB took 4.4 s there, under the 5 s limit this test had).
SHORT_WORKER_SECONDS = 3
# The storage limit keeps the file out of the private file system (opener.md §4): the save goes through the worker.
SHORT_WORKER_LIFETIME = ('user_pref("dom.serviceWorkers.idle_timeout", 3000);\n'
                         'user_pref("dom.serviceWorkers.idle_extended_timeout", 3000);\n'
                         'user_pref("dom.quotaManager.temporaryStorage.fixedLimit", 16384);\n')
# Large enough that no machine saves it before a worker with a 1 s lifetime is ended (64 MiB could finish first).
WORKER_TEST_BYTES = 512 << 20

def timed(command):
    """Runs `command`; (seconds, peak RSS in MiB, exit status). Peak RSS from GNU time (`%M`), as BENCHMARKS.md
    does: our own wait4 would report at least this Python's high-water mark (vfork carries it into the child)."""
    started = time.monotonic()
    process = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - started
    lines = process.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else 0.0
    return seconds, peak, process.returncode


class Serve:
    """`coffer serve --listen 127.0.0.1:0 --data DIR` until `stop`."""

    def __init__(self, coffer, data):
        # The 4 GiB point's age file is a little over the default largest link file (4096 MiB).
        larger = ["--max-link-mib", "8192", "--quota-mib", "65536"] if "4-GiB" in BENCH_SIZES else []
        self.process = subprocess.Popen([coffer, "serve", "--listen", "127.0.0.1:0", "--anonymous-links",
                                         "--data", str(data), *larger],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = ""
        while True:
            line = self.process.stderr.readline()
            if not line:
                raise RuntimeError(f"coffer serve did not start: {seen}")
            seen += line
            match = re.search(r"serving on http://127\.0\.0\.1:(\d+)$", line.strip())
            if match:
                self.port = int(match.group(1))
                break
        self.url = f"http://127.0.0.1:{self.port}/"

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


class Files:
    """Random files encrypted with `coffer encrypt`, linked and uploaded by `coffer link create --server`."""

    def __init__(self, coffer, work, server, base_url):
        self.coffer, self.work, self.server, self.base_url = coffer, work, server, base_url
        self.key = work / "serve.key"
        subprocess.run([coffer, "keygen", "-o", str(self.key)], check=True, capture_output=True)
        self.recipient = re.search(r"age1[0-9a-z]+", self.key.read_text()).group(0)
        self.fragments = []

    def make(self, name, size, *link_options, base_url=None):
        """Returns (sha256 of the plaintext, link, lookup id, encrypted path, link file)."""
        plain = self.work / name
        write_random(plain, size)
        encrypted = self.work / f"{name}.age"
        subprocess.run([self.coffer, "encrypt", "-r", self.recipient, "-o", str(encrypted), str(plain)],
                       check=True, capture_output=True)
        digest = sha256_file(plain)
        plain.unlink()
        link = subprocess.run([self.coffer, "link", "create", "-i", str(self.key), "--server", self.server,
                               "--base-url", base_url or self.base_url, *link_options, str(encrypted)],
                              check=True, capture_output=True, text=True).stdout.strip()
        self.fragments.append(fragment(link))
        lookup = link.split("#")[0].rsplit("/", 1)[1]
        link_file = self.work / f"{name}.link"
        link_file.write_text(link + "\n")
        return digest, link, lookup, encrypted, link_file

    def drop(self, name):
        """Removes the encrypted copy of `name` (a bench file): 4 GiB ones would otherwise pile up."""
        (self.work / f"{name}.age").unlink(missing_ok=True)

    def revoke(self, lookup, encrypted):
        subprocess.run([self.coffer, "link", "revoke", "-i", str(self.key), "--server", self.server, "--", lookup,
                        str(encrypted)], check=True, capture_output=True)


def states(run, label, files, work, open_tab):
    """The same cases in either browser: four sizes, a password link, mistyped, expired, revoked. `open_tab()`
    gives a browser object (browsers.py) for the next case. Returns the seconds the page took from the right
    password to "ready"."""
    (work / "pw").write_text(RIGHT_PASSWORD + "\n")
    for name, size in SIZES.items():
        digest, link, _, _, _ = files.make(f"{label}-{name}", size)
        tab = open_tab()
        tab.open(link)
        check_download(run, label, tab, name, digest)
    digest, link, _, _, _ = files.make(f"{label}-password", 70000, "--password-file", str(work / "pw"))
    tab = open_tab()
    argon2id = check_password(run, label, tab, link)
    check_download(run, label, tab, "password-right", digest)
    _, link, _, _, _ = files.make(f"{label}-mistyped", 10)
    check_refused(run, label, open_tab(), "mistyped", mistyped(link), "checksumMismatch", "cut or mistyped")
    _, link, _, _, _ = files.make(f"{label}-expired", 10, "--expires", expires_soon())
    time.sleep(4)
    # coffer serve keeps the uploaded expiry: past it the storage itself answers 410.
    check_refused(run, label, open_tab(), "expired", link, "gone", "no longer available")
    _, link, lookup, encrypted, _ = files.make(f"{label}-revoked", 10)
    files.revoke(lookup, encrypted)
    check_refused(run, label, open_tab(), "revoked", link, "notFound", "revoked")
    return argon2id


def native_open(run, label, files, link_file, digest, work, *options):
    """`coffer link open` of the same link: (seconds, peak RSS MiB); checks the result's SHA-256."""
    out_file = work / "native.out"
    seconds, peak, status = timed([files.coffer, "link", "open", "--server", files.server, "--link-file",
                                   str(link_file), *options, "-o", str(out_file)])
    ok = status == 0 and sha256_file(out_file) == digest
    run.record(f"{label}: coffer link open downloads it byte-identical", ok, f"status {status}")
    out_file.unlink(missing_ok=True)
    return seconds, peak


def chromium(run, files, out, say, work, numbers, direct_base):
    from playwright.sync_api import sync_playwright
    label = "serve e2e"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--coffer-test=shared"])
        tabs = []

        def open_tab():
            if tabs:
                tabs.pop().close()
            tabs.append(ChromiumTab(browser, out, "serve-"))
            return tabs[-1]

        numbers["argon2id chromium s"] = states(run, label, files, work, open_tab)
        tabs.pop().close()
        browser.close()

        if os.environ.get("COFFER_BROWSER_1GIB", "1") != "0":
            bench_chromium(run, p, files, out, say, work, numbers, direct_base)


def bench_chromium(run, p, files, out, say, work, numbers, direct_base):
    """Each size and save path in a fresh Chromium with a fresh profile on disk (a private context keeps the
    origin-private file system in memory): time, renderer and browser-process peak memory, against `coffer link
    open`."""
    label = "serve e2e"
    for name, size in BENCH_SIZES.items():
        # Measured without the logging proxy: this opener talks to coffer serve directly, as the CLI does.
        digest, link, _, _, link_file = files.make(f"chromium-{name}", size, base_url=direct_base)
        # The CLI's run comes after the browsers' (as before the paths were measured apart): right after the
        # upload, the disk is still writing the file out and the CLI was up to twice as slow.
        runs = []
        for path in BENCH_PATHS:
            tag = f"bench-{name}-{path}-{os.getpid()}"
            profile = work / f"chromium-profile-{tag}"
            fresh = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                         args=["--no-sandbox", f"--coffer-test={tag}"],
                                                         accept_downloads=True)
            tab = ChromiumTab(None, out, "serve-", context=fresh)
            tab.open(link)
            tab.wait(["ready", "error"])
            if path == "sw":
                tab.pass_over_private_files()
            numbers[f"chromium {name} {path}"] = measure_save(
                run, label, path, tab, name, digest, 900, lambda: chromium_root(tag), chromium_renderer)
            fresh.close()
            shutil.rmtree(profile, ignore_errors=True)
            runs.append(path)
        native = native_open(run, f"{label} {name}", files, link_file, digest, work)
        report_bench(say, numbers, "chromium", name, runs, native, ("renderer peak", "browser process peak"))
        files.drop(f"chromium-{name}")


def firefox(run, files, out, say, work, numbers, direct_base):
    label = "serve firefox e2e"
    browser = Firefox(work, out, "serve-")
    try:
        numbers["argon2id firefox s"] = states(run, label, files, work, lambda: browser)
    finally:
        browser.close()

    # The service worker outlives its idle limit while it streams a save (Firefox stopped a 1 GiB save at 895 MiB,
    # about 30 s in, when the worker's idle timeout ran out); here the limit is 3 s and the save takes longer.
    short = work / "short-lifetime"
    short.mkdir()
    browser = Firefox(short, out, "serve-short-lifetime-", SHORT_WORKER_LIFETIME)
    try:
        digest, link, _, _, _ = files.make("firefox-keep-alive", WORKER_TEST_BYTES, base_url=direct_base)
        browser.open(link)
        seconds = check_download(run, f"{label} worker idle timeout 3 s", browser, "512-MiB", digest, seconds=180)
        say(f"firefox, worker idle timeout 3 s: 512 MiB saved in {seconds or 0:.1f} s")
        run.record(f"{label} worker idle timeout 3 s: the save outlasted it, through the service worker",
                   seconds is not None and seconds > SHORT_WORKER_SECONDS and browser.state()[5] == "service worker",
                   f"{seconds} s, {browser.state()}")
    finally:
        browser.close()

    # A worker ended mid-save: e2e.py (firefox_worker_ended), where the fixture storage pauses mid-file.

    if os.environ.get("COFFER_BROWSER_1GIB", "1") != "0":
        bench_firefox(run, files, out, say, work, numbers, direct_base)


def bench_firefox(run, files, out, say, work, numbers, direct_base):
    """Each size and save path in a fresh Firefox: time, content processes' and parent's peak memory, against the
    CLI."""
    label = "serve firefox e2e"
    for name, size in BENCH_SIZES.items():
        digest, link, _, _, link_file = files.make(f"firefox-{name}", size, base_url=direct_base)
        runs = []
        for path in BENCH_PATHS:
            fresh_dir = work / f"bench-{name}-{path}"
            fresh_dir.mkdir()
            fresh = Firefox(fresh_dir, out, "serve-", FIREFOX_SMALL_QUOTA if path == "sw" else "")
            try:
                fresh.open(link)
                fresh.wait(["ready", "error"])
                numbers[f"firefox {name} {path}"] = measure_save(
                    run, label, path, fresh, name, digest, 1200, fresh.pid, firefox_content)
            finally:
                fresh.close()
                shutil.rmtree(fresh_dir, ignore_errors=True)
            runs.append(path)
        native = native_open(run, f"{label} {name}", files, link_file, digest, work)
        report_bench(say, numbers, "firefox", name, runs, native, ("content processes' peak", "parent peak"))
        files.drop(f"firefox-{name}")


def measure_save(run, label, path, page, name, digest, timeout, root, pages):
    """Saves the file of `page` (opened, ready) through `path` and returns its numbers (bench.json): time, the peak
    of the page's processes (`pages` of the process tree at `root()`) at ready and after the save, the browser's own
    peak, the page's stages and CPU seconds; records that the save took the expected path."""
    ready = peak_rss_mib(root(), pages)
    page.enable_timings()
    cpu_before = cpu_seconds(root(), pages)
    seconds = check_download(run, f"{label} {path}", page, name, digest, seconds=timeout)
    cpu = cpu_used(cpu_before, cpu_seconds(root(), pages))
    peak = peak_rss_mib(root(), pages)  # while the page's processes still run
    parent_peak = process_peak_mib(root())
    state = page.state()
    run.record(f"{label} {name}: saved through the {SINKS[path]}", state[5] == SINKS[path], f"{state}")
    return {"browser s": seconds, "renderer peak MiB": peak, "renderer peak at ready MiB": ready,
            "browser process peak MiB": parent_peak, "body reader": state[4], "sink": state[5],
            "page stages ms": page.timings(), "cpu s": cpu}


def report_bench(say, numbers, browser, name, runs, native, names):
    """Adds the CLI's time and peak (`native`) to each path's numbers of `browser` at size `name` and prints them;
    `names`: what the browser's page processes and its main process are called."""
    native_s, native_peak = native
    for path in runs:
        entry = numbers[f"{browser} {name} {path}"]
        entry.update({"native s": native_s, "native peak MiB": native_peak})
        seconds = entry["browser s"] or 0
        say(f"{name} {path}: {browser} {seconds:.1f} s ({native_s / (seconds or 1):.2f}x native), {names[0]} "
            f"{entry['renderer peak MiB']:.0f} MiB ({entry['renderer peak at ready MiB']:.0f} MiB at ready), "
            f"{names[1]} {entry['browser process peak MiB']:.0f} MiB; coffer link open {native_s:.1f} s, "
            f"peak {native_peak:.0f} MiB")
        say(f"{name} {path}: {browser} page stages (ms) {entry['page stages ms']}; CPU seconds {entry['cpu s']}")


def argon2id_native(files, work, numbers):
    """The CLI's Argon2id: a password link's open minus the same open without a password."""
    (work / "pw").write_text(RIGHT_PASSWORD + "\n")
    digest, _, _, _, link_file = files.make("native-password", 70000, "--password-file", str(work / "pw"))
    seconds, _, status = timed([files.coffer, "link", "open", "--server", files.server, "--link-file",
                                str(link_file), "--password-file", str(work / "pw"), "-o", str(work / "pw.out")])
    _, _, _, _, plain_link = files.make("native-no-password", 70000)
    baseline, _, baseline_status = timed([files.coffer, "link", "open", "--server", files.server, "--link-file",
                                          str(plain_link), "-o", str(work / "no-pw.out")])
    numbers["argon2id native s"] = seconds - baseline if status == 0 and baseline_status == 0 else None


def run_all(run, work, out, say, root, harness):
    """Starts coffer serve, the logging proxy and an opener-only static origin; runs both browsers."""
    work = work / "serve"
    work.mkdir()
    coffer = coffer_binary(root)
    serve = Serve(coffer, work / "data")
    log = fixture_server.Log(out / "access.log")
    proxy = fixture_server.LoggingProxy(serve.port, log)
    (work / "unused-storage").mkdir()
    pages = fixture_server.Fixture(work / "opener", harness, work / "unused-storage", out / "access.log")
    subprocess.run(["python3", str(root / "Web" / "deploy-opener.py"), "deploy", proxy.origin, str(work / "opener")],
                   check=True, capture_output=True)
    direct = fixture_server.Fixture(work / "opener-direct", harness, work / "unused-storage", out / "access.log")
    subprocess.run(["python3", str(root / "Web" / "deploy-opener.py"), "deploy", serve.url.rstrip("/"),
                    str(work / "opener-direct")], check=True, capture_output=True)
    files = Files(coffer, work, serve.url, f"{pages.opener_origin}/l/")
    numbers = {}
    try:
        argon2id_native(files, work, numbers)
        started = time.monotonic()
        chromium(run, files, out, say, work, numbers, f"{direct.opener_origin}/l/")
        say(f"coffer serve end to end in chromium took {time.monotonic() - started:.1f}s")
        started = time.monotonic()
        (work / "firefox").mkdir()
        firefox(run, files, out, say, work / "firefox", numbers, f"{direct.opener_origin}/l/")
        say(f"coffer serve end to end in firefox took {time.monotonic() - started:.1f}s")
    finally:
        pages.stop()
        direct.stop()
        proxy.stop()
        serve.stop()
    served = [line for line in (out / "access.log").read_text().splitlines() if line.startswith("serve ")]
    run.record("serve e2e: requests reached coffer serve through the logged proxy", len(served) > 10, f"{len(served)}")
    check_no_fragments(run, "serve e2e", out / "access.log", files.fragments)
    say(f"argon2id (link profile) + unwrap + header MAC: chromium {numbers.get('argon2id chromium s') or 0:.2f} s, "
        f"firefox {numbers.get('argon2id firefox s') or 0:.2f} s; coffer link open's password cost "
        f"{numbers.get('argon2id native s') or 0:.2f} s")
    return numbers


def run_bench(run, work, out, say, root, harness):
    """Only the 64 MiB and 1 GiB downloads, in both browsers, against `coffer link open` (`run.py bench`; the
    numbers of BENCHMARKS.md). COFFER_BIN names the `coffer` that serves and opens (a release build for the
    table)."""
    from playwright.sync_api import sync_playwright
    work = work / "bench"
    work.mkdir()
    coffer = coffer_binary(root)
    serve = Serve(coffer, work / "data")
    (work / "unused-storage").mkdir()
    direct = fixture_server.Fixture(work / "opener-direct", harness, work / "unused-storage", out / "access.log")
    subprocess.run(["python3", str(root / "Web" / "deploy-opener.py"), "deploy", serve.url.rstrip("/"),
                    str(work / "opener-direct")], check=True, capture_output=True)
    files = Files(coffer, work, serve.url, f"{direct.opener_origin}/l/")
    numbers = {"coffer": coffer}
    try:
        with sync_playwright() as p:
            bench_chromium(run, p, files, out, say, work, numbers, f"{direct.opener_origin}/l/")
        (work / "firefox").mkdir()
        bench_firefox(run, files, out, say, work / "firefox", numbers, f"{direct.opener_origin}/l/")
    finally:
        direct.stop()
        serve.stop()
    return numbers
