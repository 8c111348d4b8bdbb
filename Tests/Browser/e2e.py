# SPDX-License-Identifier: MIT
"""End to end in Chromium: age files made and linked by the `coffer` CLI, served by the fixture's storage origin,
opened through the deployed page. Each state's screenshot goes to OUT/e2e-*.png."""
import datetime
import os
import pathlib
import re
import subprocess
import time

SIZES = {"0-bytes": 0, "1-byte": 1, "64-KiB": 65536, "multi-chunk": 3 * 65536 + 1234}


def coffer_binary(root):
    explicit = os.environ.get("COFFER_BIN")
    if explicit:
        return explicit
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()
    return str(pathlib.Path(path) / "coffer")


class Files:
    def __init__(self, coffer, work, storage, base_url):
        self.coffer, self.work, self.storage, self.base_url = coffer, work, storage, base_url
        self.key = work / "me.key"
        subprocess.run([coffer, "keygen", "-o", str(self.key)], check=True, capture_output=True)
        self.fragments = []
        self.recipient = re.search(r"age1[0-9a-z]+", self.key.read_text()).group(0)

    def make(self, name, size, *link_options):
        """A random file of `size` bytes, encrypted, linked, and put in storage; returns (plaintext, link)."""
        plain = os.urandom(size)
        (self.work / name).write_bytes(plain)
        encrypted = self.work / f"{name}.age"
        subprocess.run([self.coffer, "encrypt", "-r", self.recipient, "-o", str(encrypted), str(self.work / name)],
                       check=True, capture_output=True)
        link = subprocess.run([self.coffer, "link", "create", "-i", str(self.key), "--base-url", self.base_url,
                               *link_options, str(encrypted)], check=True, capture_output=True, text=True)
        text = link.stdout.strip()
        self.fragments.append(text.split("#", 1)[1])
        lookup = text.split("#")[0].rsplit("/", 1)[1]
        (self.storage / lookup).write_bytes(encrypted.read_bytes())
        return plain, text, lookup, encrypted


def run_all(fixture, storage, run, work, out, say):
    from playwright.sync_api import sync_playwright
    root = pathlib.Path(__file__).resolve().parents[2]
    files = Files(coffer_binary(root), work, storage, f"{fixture.opener_origin}/l/")
    fragments = []
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("COFFER_CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox"])

        def page_for(link):
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            fragments.append(link.split("#", 1)[1] if "#" in link else "")
            page.goto(link)
            return context, page

        def wait_state(page, states, timeout=60000):
            # Selectors, not wait_for_function: the page's CSP forbids evaluating strings.
            page.wait_for_selector(", ".join(f'body[data-state="{s}"]' for s in states), state="attached",
                                   timeout=timeout)
            return page.evaluate("[document.body.dataset.state, document.body.dataset.error || '',"
                                 " document.getElementById('title').textContent,"
                                 " document.getElementById('text').textContent]")

        def download(name, page, expected):
            state = wait_state(page, ["ready", "error"])
            if state[0] != "ready":
                run.record(f"e2e {name}", False, f"state {state}")
                return
            page.screenshot(path=str(out / f"e2e-{name}-ready.png"))
            with page.expect_download(timeout=60000) as info:
                page.click("#save")
            target = work / f"downloaded-{name}"
            info.value.save_as(target)
            state = wait_state(page, ["done", "error"])
            page.screenshot(path=str(out / f"e2e-{name}-{state[0]}.png"))
            got = target.read_bytes()
            run.record(f"e2e {name}: byte-identical download", state[0] == "done" and got == expected,
                       f"state {state}, {len(got)} bytes vs {len(expected)}")

        def refused(name, link, error, title_part):
            context, page = page_for(link)
            state = wait_state(page, ["error"])
            page.screenshot(path=str(out / f"e2e-{name}.png"))
            run.record(f"e2e {name}: {error}", state[1] == error and title_part in state[2], f"state {state}")
            context.close()
            return state

        for name, size in SIZES.items():
            plain, link, _, _ = files.make(name, size)
            context, page = page_for(link)
            download(name, page, plain)
            context.close()

        # Resume: the storage cuts the first answer in the middle of chunk 2; the page asks again with Range.
        plain, link, lookup, _ = files.make("resumed", 4 * 65536 + 7)
        (storage / f"{lookup}.drop").write_text(str(2 * 65552 + 5000))
        context, page = page_for(link)
        page.on("console", lambda m: m.type == "error" and say(f"resumed console: {m.text}"))
        download("resumed", page, plain)
        context.close()
        ranged = [line for line in (out / "access.log").read_text().splitlines()
                  if lookup in line and "Range=bytes=" in line]
        run.record("e2e resumed: a Range request at a chunk boundary",
                   any(re.search(r"Range=bytes=(\d+)-", l) for l in ranged), f"log {ranged}")

        # The CSP lets the page talk to storage and nothing else, even when asked from inside the page.
        _, link, _, _ = files.make("csp", 10)
        context, page = page_for(link)
        wait_state(page, ["ready", "error"])
        other = fixture.opener_origin.replace("127.0.0.1", "localhost") + "/l/style.css"
        outcome = page.evaluate("url => fetch(url, { mode: 'no-cors' }).then(() => 'fetched', e => 'refused')",
                                other)
        run.record("e2e csp: connect-src refuses an origin other than storage", outcome == "refused", outcome)
        context.close()

        # Subresource Integrity: a deployed module changed by its host is not run.
        module = work / "opener" / "js" / "link-text.js"
        original = module.read_bytes()
        module.write_bytes(original + b"\n// changed by the host\n")
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text))
        fragments.append(link.split("#", 1)[1])
        page.goto(link)
        page.wait_for_timeout(3000)
        state = page.evaluate("document.body.dataset.state")
        page.screenshot(path=str(out / "e2e-sri-changed-module.png"))
        say(f"sri: the browser said {[e for e in errors if 'integrity' in e.lower()][:1]}")
        run.record("e2e sri: a changed module is refused and the page never opens the link",
                   state == "loading", f"state {state}, console {errors[:3]}")
        context.close()
        module.write_bytes(original)
        context, page = page_for(link)
        state = wait_state(page, ["ready", "error"])
        run.record("e2e sri: the same link opens with the module as released", state[0] == "ready", f"{state}")
        context.close()

        # A password link: a wrong password first (the message, then the form again), then the right one.
        (work / "pw").write_text("correct horse battery staple\n")
        plain, link, _, _ = files.make("password", 70000, "--password-file", str(work / "pw"))
        context, page = page_for(link)
        state = wait_state(page, ["password", "error"])
        page.screenshot(path=str(out / "e2e-password-asked.png"))
        run.record("e2e password: the page asks for it", state[0] == "password", f"state {state}")
        page.fill("#password", "Tr0ub4dor&3")
        page.click("#password-form button")
        page.wait_for_selector('body[data-error="wrongPassword"][data-state="password"]', state="attached",
                               timeout=60000)
        page.screenshot(path=str(out / "e2e-password-wrong.png"))
        run.record("e2e password: a wrong password is said so", "Wrong password" in page.inner_text("#text"))
        page.fill("#password", "correct horse battery staple")
        page.click("#password-form button")
        download("password-right", page, plain)
        context.close()

        # A mistyped link: refused before any request to storage.
        _, link, lookup, _ = files.make("mistyped", 10)
        storage_hits = lambda: sum(1 for line in (out / "access.log").read_text().splitlines()
                                   if line.startswith("storage") and lookup in line)
        before = storage_hits()
        typo = link[:-1] + ("A" if link[-1] != "A" else "B")
        refused("mistyped", typo, "checksumMismatch", "cut or mistyped")
        run.record("e2e mistyped: no request reached storage",
                   storage_hits() == before)
        refused("cut", link.split("#")[0] + "#", "missingSecret", "incomplete")

        # Expired (made with --expires an instant a few seconds ahead, opened after it).
        soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        _, link, _, _ = files.make("expired", 10, "--expires", soon)
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

        # Tampered: one payload byte flipped in the second chunk.
        plain, link, lookup, _ = files.make("tampered", 3 * 65536)
        data = bytearray((storage / lookup).read_bytes())
        data[-65536] ^= 1
        (storage / lookup).write_bytes(bytes(data))
        context, page = page_for(link)
        wait_state(page, ["ready", "error"])
        with page.expect_download(timeout=60000) as info:
            page.click("#save")
        state = wait_state(page, ["error", "done"])
        page.screenshot(path=str(out / "e2e-tampered.png"))
        run.record("e2e tampered: chunkAuthenticationFailed", state[1] == "chunkAuthenticationFailed", f"{state}")
        failure = info.value.failure()
        run.record("e2e tampered: the download is marked failed, not complete", failure is not None, "completed")
        context.close()
        browser.close()

    log = (out / "access.log").read_text()
    leaked = [f for f in fragments if f and f in log]
    run.record("e2e: the access log never contains a fragment", not leaked and "#" not in log, f"{leaked}")
    say(f"end to end took {time.monotonic() - started:.1f}s")
