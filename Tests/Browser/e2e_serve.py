# SPDX-License-Identifier: MIT
"""End to end through `coffer serve` (Spec/opener.md §6): a real `coffer serve --data DIR` is the storage, files are
linked and uploaded by `coffer link create --server STORAGE --base-url OPENER/l/`, revoked by `coffer link revoke
--server`, and opened in Chromium (Playwright) and Firefox ESR (Marionette) through the opener deployed on its own
origin (the fixture's static server serves only the page). The browser reaches the server through a logging proxy
(fixture_server.LoggingProxy), whose log of every request line and header is checked for fragments.

Also measures, in Chromium, the 64 MiB and 1 GiB downloads (through an opener deployed for coffer serve's own
origin, without the proxy) (time, renderer peak memory) against `coffer link open`, and the
password link's Argon2id in the page against the CLI (BENCHMARKS.md). COFFER_BROWSER_1GIB=0 skips the 1 GiB case.
"""
import datetime
import hashlib
import os
import pathlib
import re
import subprocess
import time

import fixture_server
from e2e import coffer_binary
from e2e_firefox import Firefox

SIZES = {"0-bytes": 0, "1-byte": 1, "64-KiB": 65536, "multi-chunk": 5 * 65536 + 4321}
GIB = 1 << 30


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


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
        self.process = subprocess.Popen([coffer, "serve", "--listen", "127.0.0.1:0", "--anonymous-links",
                                         "--data", str(data)],
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
        with open(plain, "wb") as f:
            left = size
            while left:
                f.write(os.urandom(min(left, 1 << 24)))
                left -= min(left, 1 << 24)
        encrypted = self.work / f"{name}.age"
        subprocess.run([self.coffer, "encrypt", "-r", self.recipient, "-o", str(encrypted), str(plain)],
                       check=True, capture_output=True)
        digest = sha256_file(plain)
        plain.unlink()
        link = subprocess.run([self.coffer, "link", "create", "-i", str(self.key), "--server", self.server,
                               "--base-url", base_url or self.base_url, *link_options, str(encrypted)],
                              check=True, capture_output=True, text=True).stdout.strip()
        self.fragments.append(link.split("#", 1)[1])
        lookup = link.split("#")[0].rsplit("/", 1)[1]
        link_file = self.work / f"{name}.link"
        link_file.write_text(link + "\n")
        return digest, link, lookup, encrypted, link_file

    def revoke(self, lookup, encrypted):
        subprocess.run([self.coffer, "link", "revoke", "-i", str(self.key), "--server", self.server, "--", lookup,
                        str(encrypted)], check=True, capture_output=True)


def renderer_peak_mib(tag):
    """The largest VmHWM (peak RSS) among the renderer processes of the Chromium started with `tag`."""
    browser, children, kinds = None, {}, {}
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # Chromium's child processes rewrite their command line as one space-separated string.
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            status = (entry / "status").read_text()
        except OSError:
            continue
        parent = int(re.search(r"PPid:\s+(\d+)", status).group(1))
        children.setdefault(parent, []).append(int(entry.name))
        peak = re.search(r"VmHWM:\s+(\d+) kB", status)
        kinds[int(entry.name)] = (b" --type=renderer " in command, int(peak.group(1)) if peak else 0)
        if b"chrom" in command.split(b" ")[0] and b"--coffer-test=" + tag.encode() + b" " in command \
                and b" --type=" not in command:
            browser = int(entry.name)
    peak, stack = 0, [browser] if browser else []
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        renderer, hwm = kinds.get(pid, (False, 0))
        if renderer:
            peak = max(peak, hwm)
    return peak / 1024


def chromium(run, files, out, say, work, numbers, direct_base):
    from playwright.sync_api import sync_playwright
    executable = os.environ.get("COFFER_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        def launch(tag="shared"):
            return p.chromium.launch(executable_path=executable, args=["--no-sandbox", f"--coffer-test={tag}"])

        browser = launch()

        def wait_state(page, states, timeout=60000):
            page.wait_for_selector(", ".join(f'body[data-state="{s}"]' for s in states), state="attached",
                                   timeout=timeout)
            return page.evaluate("[document.body.dataset.state, document.body.dataset.error || '',"
                                 " document.getElementById('title').textContent,"
                                 " document.getElementById('text').textContent]")

        def download(name, browser, link, digest, timeout=60000, measure=None):
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            page.goto(link)
            state = wait_state(page, ["ready", "error"])
            if state[0] != "ready":
                run.record(f"serve e2e {name}", False, f"state {state}")
                context.close()
                return None
            page.screenshot(path=str(out / f"serve-{name}-ready.png"))
            started = time.monotonic()
            with page.expect_download(timeout=timeout) as info:
                page.click("#save")
            path = info.value.path()
            state = wait_state(page, ["done", "error"], timeout)
            seconds = time.monotonic() - started
            page.screenshot(path=str(out / f"serve-{name}-{state[0]}.png"))
            got = sha256_file(path)
            run.record(f"serve e2e {name}: byte-identical download through coffer serve",
                       state[0] == "done" and got == digest, f"state {state}")
            if measure:
                measure()  # while the page's renderer still runs
            context.close()
            return seconds

        def refused(name, link, error, title_part):
            context = browser.new_context()
            page = context.new_page()
            page.goto(link)
            state = wait_state(page, ["error"])
            page.screenshot(path=str(out / f"serve-{name}.png"))
            run.record(f"serve e2e {name}: {error}", state[1] == error and title_part in state[2], f"state {state}")
            context.close()

        for name, size in SIZES.items():
            digest, link, _, _, _ = files.make(name, size)
            download(name, browser, link, digest)

        (work / "serve-pw").write_text("correct horse battery staple\n")
        digest, link, _, _, link_file = files.make("password", 70000, "--password-file", str(work / "serve-pw"))
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.goto(link)
        state = wait_state(page, ["password", "error"])
        page.screenshot(path=str(out / "serve-password-asked.png"))
        run.record("serve e2e password: the page asks for it", state[0] == "password", f"{state}")
        page.fill("#password", "Tr0ub4dor&3")
        page.click("#password-form button")
        page.wait_for_selector('body[data-error="wrongPassword"][data-state="password"]', state="attached",
                               timeout=60000)
        page.screenshot(path=str(out / "serve-password-wrong.png"))
        run.record("serve e2e password: a wrong password is said so", "Wrong password" in page.inner_text("#text"))
        page.fill("#password", "correct horse battery staple")
        # The page's Argon2id: from the click on the password button to "ready" (derive, unwrap, header MAC).
        started = time.monotonic()
        page.click("#password-form button")
        wait_state(page, ["ready", "error"])
        numbers["argon2id browser s"] = time.monotonic() - started
        with page.expect_download(timeout=60000) as info:
            page.click("#save")
        state = wait_state(page, ["done", "error"])
        page.screenshot(path=str(out / "serve-password-right-done.png"))
        run.record("serve e2e password: the right one opens it, byte-identical",
                   state[0] == "done" and sha256_file(info.value.path()) == digest, f"{state}")
        context.close()
        open_link = [files.coffer, "link", "open", "--server", files.server, "--link-file"]
        seconds, _, status = timed(open_link + [str(link_file), "--password-file", str(work / "serve-pw"), "-o",
                                                str(work / "serve-pw.out")])
        _, _, _, _, plain_link = files.make("no-password", 70000)
        baseline, _, baseline_status = timed(open_link + [str(plain_link), "-o", str(work / "no-password.out")])
        # The CLI's Argon2id: a password link's open minus the same open without a password.
        numbers["argon2id native s"] = seconds - baseline if status == 0 and baseline_status == 0 else None

        _, link, _, _, _ = files.make("mistyped", 10)
        refused("mistyped", link[:-1] + ("A" if link[-1] != "A" else "B"), "checksumMismatch", "cut or mistyped")
        soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        _, link, _, _, _ = files.make("expired", 10, "--expires", soon)
        time.sleep(4)
        # coffer serve keeps the uploaded expiry: past it the storage itself answers 410.
        refused("expired", link, "gone", "no longer available")
        _, link, lookup, encrypted, _ = files.make("revoked", 10)
        files.revoke(lookup, encrypted)
        refused("revoked", link, "notFound", "revoked")
        browser.close()

        if os.environ.get("COFFER_BROWSER_1GIB", "1") != "0":
            for name, size in (("64-MiB", 64 << 20), ("1-GiB", GIB)):
                # Measured without the logging proxy: this opener talks to coffer serve directly, as the CLI does.
                digest, link, _, _, link_file = files.make(name, size, base_url=direct_base)
                tag = f"bench-{name}-{os.getpid()}"
                fresh = launch(tag)
                peak = {"mib": 0.0}
                seconds = download(name, fresh, link, digest, timeout=900000,
                                   measure=lambda: peak.update(mib=renderer_peak_mib(tag)))
                fresh.close()
                out_file = work / f"{name}.out"
                native, native_rss, status = timed([files.coffer, "link", "open", "--server", files.server,
                                                    "--link-file", str(link_file), "-o", str(out_file)])
                ok = status == 0 and sha256_file(out_file) == digest
                run.record(f"serve e2e {name}: coffer link open downloads it byte-identical", ok, f"status {status}")
                out_file.unlink(missing_ok=True)
                numbers[name] = {"browser s": seconds, "renderer peak MiB": peak["mib"], "native s": native,
                                 "native peak MiB": native_rss}
                say(f"{name}: chromium {seconds:.1f} s, renderer peak {peak['mib']:.0f} MiB; coffer link open "
                    f"{native:.1f} s, peak {native_rss:.0f} MiB")


def firefox(run, files, out, say, work, numbers, direct_base):
    ff = Firefox(work, out)
    try:
        def download(name, link, digest, seconds=60):
            ff.driver.navigate(link)
            state = ff.wait(["ready", "error"])
            if state[0] != "ready":
                run.record(f"serve firefox e2e {name}", False, f"state {state}")
                return None
            before = set(ff.downloads.iterdir())
            started = time.monotonic()
            ff.click("#save")
            state = ff.wait(["done", "error"], seconds)
            took = time.monotonic() - started
            ff.screenshot(f"serve-{name}-{state[0]}")
            deadline = time.monotonic() + 30
            new = []
            while time.monotonic() < deadline:
                new = [q for q in set(ff.downloads.iterdir()) - before if not q.name.endswith(".part")]
                if new and not any(q.name.endswith(".part") for q in ff.downloads.iterdir()):
                    break
                time.sleep(0.2)
            got = sha256_file(new[0]) if len(new) == 1 else None
            run.record(f"serve firefox e2e {name}: byte-identical download through coffer serve",
                       state[0] == "done" and got == digest, f"state {state}, files {new}")
            for path in new:
                path.unlink()
            return took

        def refused(name, link, error, title_part):
            ff.driver.navigate(link)
            state = ff.wait(["error"])
            ff.screenshot(f"serve-{name}")
            run.record(f"serve firefox e2e {name}: {error}", state[1] == error and title_part in state[2], f"{state}")

        for name, size in SIZES.items():
            digest, link, _, _, _ = files.make(f"ff-{name}", size)
            download(name, link, digest)
        (work / "ff-serve-pw").write_text("correct horse battery staple\n")
        digest, link, _, _, _ = files.make("ff-password", 70000, "--password-file", str(work / "ff-serve-pw"))
        ff.driver.navigate(link)
        state = ff.wait(["password", "error"])
        run.record("serve firefox e2e password: the page asks for it", state[0] == "password", f"{state}")
        ff.type("#password", "Tr0ub4dor&3")
        ff.click("#password-form button")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ff.state()[1] != "wrongPassword":
            time.sleep(0.1)
        ff.screenshot("serve-password-wrong")
        run.record("serve firefox e2e password: a wrong password is said so", "Wrong password" in ff.state()[3])
        ff.type("#password", "correct horse battery staple")
        ff.click("#password-form button")
        state = ff.wait(["ready", "error"])
        run.record("serve firefox e2e password: the right one opens it", state[0] == "ready", f"{state}")
        _, link, _, _, _ = files.make("ff-mistyped", 10)
        refused("mistyped", link[:-1] + ("A" if link[-1] != "A" else "B"), "checksumMismatch", "cut or mistyped")
        soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        _, link, _, _, _ = files.make("ff-expired", 10, "--expires", soon)
        time.sleep(4)
        refused("expired", link, "gone", "no longer available")
        _, link, lookup, encrypted, _ = files.make("ff-revoked", 10)
        files.revoke(lookup, encrypted)
        refused("revoked", link, "notFound", "revoked")
        if os.environ.get("COFFER_BROWSER_1GIB_FIREFOX", "0") == "1":
            # Off by default (see Spec/opener.md §6): the same streaming code as in Chromium, measured once.
            digest, link, _, _, _ = files.make("ff-1-GiB", GIB, base_url=direct_base)
            seconds = download("1-GiB", link, digest, seconds=900)
            numbers["firefox 1-GiB browser s"] = seconds
            say(f"firefox 1-GiB: {seconds:.1f} s")
    finally:
        ff.close()


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
    started = time.monotonic()
    try:
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
    text = (out / "access.log").read_text()
    served = [line for line in text.splitlines() if line.startswith("serve ")]
    leaked = [f for f in files.fragments if f in text]
    run.record("serve e2e: requests reached coffer serve through the logged proxy", len(served) > 10, f"{len(served)}")
    run.record("serve e2e: the server's access log never contains a fragment", not leaked and "#" not in text,
               f"{leaked}")
    if "argon2id browser s" in numbers:
        say(f"argon2id (link profile) + unwrap: chromium {numbers['argon2id browser s']:.2f} s; coffer link open's "
            f"password cost {numbers.get('argon2id native s') or 0:.2f} s")
    return numbers
