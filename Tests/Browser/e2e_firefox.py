# SPDX-License-Identifier: MIT
"""End to end in Firefox ESR, driven through Marionette (PyPI `marionette_driver`) against Debian's stock
`firefox-esr`: Playwright's Firefox needs its own patched build, and its WebDriver BiDi Firefox is not exposed to
Python. The same files and states as e2e.py, fewer of them: downloads of 0 B, 1 B, 64 KiB and multi-chunk files,
a password link (wrong, then right), a mistyped, an expired and a revoked link."""
import datetime
import os
import socket
import subprocess
import time

from e2e import SIZES, Files, coffer_binary

PREFERENCES = """user_pref("marionette.port", {port});
user_pref("browser.download.folderList", 2);
user_pref("browser.download.dir", "{downloads}");
user_pref("browser.download.useDownloadDir", true);
user_pref("browser.download.always_ask_before_handling_new_types", false);
user_pref("browser.helperApps.neverAsk.saveToDisk", "application/octet-stream");
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Firefox:
    def __init__(self, work, out):
        from marionette_driver.marionette import Marionette
        self.out = out
        self.downloads = work / "firefox-downloads"
        self.downloads.mkdir()
        profile = work / "firefox-e2e-profile"
        profile.mkdir()
        port = free_port()
        (profile / "user.js").write_text(PREFERENCES.format(port=port, downloads=self.downloads))
        self.process = subprocess.Popen(
            [os.environ.get("COFFER_FIREFOX", "/usr/bin/firefox-esr"), "--headless", "--marionette", "--no-remote",
             "--profile", str(profile)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, MOZ_HEADLESS="1"))
        self.driver = Marionette(host="127.0.0.1", port=port)
        self.driver.start_session()

    def state(self):
        return self.driver.execute_script(
            "return [document.body.dataset.state, document.body.dataset.error || '',"
            " document.getElementById('title').textContent, document.getElementById('text').textContent]")

    def wait(self, states, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.state()
            if state[0] in states:
                return state
            time.sleep(0.1)
        return self.state()

    def click(self, selector):
        from marionette_driver.by import By
        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def type(self, selector, text):
        from marionette_driver.by import By
        element = self.driver.find_element(By.CSS_SELECTOR, selector)
        element.clear()
        element.send_keys(text)

    def screenshot(self, name):
        (self.out / f"firefox-{name}.png").write_bytes(self.driver.screenshot(format="binary"))

    def close(self):
        try:
            self.driver.delete_session()
        finally:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run_all(fixture, storage, run, work, out, say, root):
    work = work / "firefox"
    work.mkdir()
    files = Files(coffer_binary(root), work, storage, f"{fixture.opener_origin}/l/")
    firefox = Firefox(work, out)
    started = time.monotonic()
    try:
        def download(name, expected):
            state = firefox.wait(["ready", "error"])
            if state[0] != "ready":
                run.record(f"firefox e2e {name}", False, f"state {state}")
                return
            before = set(firefox.downloads.iterdir())
            firefox.click("#save")
            state = firefox.wait(["done", "error"])
            firefox.screenshot(f"{name}-{state[0]}")
            deadline = time.monotonic() + 30
            new = []
            while time.monotonic() < deadline:
                new = [p for p in set(firefox.downloads.iterdir()) - before if not p.name.endswith(".part")]
                if new and not any(p.name.endswith(".part") for p in firefox.downloads.iterdir()):
                    break
                time.sleep(0.2)
            got = new[0].read_bytes() if len(new) == 1 else None
            run.record(f"firefox e2e {name}: byte-identical download", state[0] == "done" and got == expected,
                       f"state {state}, files {new}")

        def refused(name, link, error, title_part):
            firefox.driver.navigate(link)
            state = firefox.wait(["error"])
            firefox.screenshot(name)
            run.record(f"firefox e2e {name}: {error}", state[1] == error and title_part in state[2], f"{state}")

        for name, size in SIZES.items():
            plain, link, _, _ = files.make(f"ff-{name}", size)
            firefox.driver.navigate(link)
            download(name, plain)

        (work / "ff-pw").write_text("correct horse battery staple\n")
        plain, link, _, _ = files.make("ff-password", 70000, "--password-file", str(work / "ff-pw"))
        firefox.driver.navigate(link)
        state = firefox.wait(["password", "error"])
        run.record("firefox e2e password: the page asks for it", state[0] == "password", f"{state}")
        firefox.type("#password", "Tr0ub4dor&3")
        firefox.click("#password-form button")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and firefox.state()[1] != "wrongPassword":
            time.sleep(0.1)
        firefox.screenshot("password-wrong")
        run.record("firefox e2e password: a wrong password is said so", "Wrong password" in firefox.state()[3])
        firefox.type("#password", "correct horse battery staple")
        firefox.click("#password-form button")
        download("password-right", plain)

        _, link, _, _ = files.make("ff-mistyped", 10)
        refused("mistyped", link[:-1] + ("A" if link[-1] != "A" else "B"), "checksumMismatch", "cut or mistyped")
        soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        _, link, _, _ = files.make("ff-expired", 10, "--expires", soon)
        time.sleep(4)
        refused("expired", link, "linkExpired", "expired")
        _, link, lookup, _ = files.make("ff-revoked", 10)
        (storage / lookup).unlink()
        refused("revoked-404", link, "notFound", "revoked")
    finally:
        firefox.close()
    log = (out / "access.log").read_text()
    leaked = [f for f in files.fragments if f in log]
    run.record("firefox e2e: the access log never contains a fragment", not leaked and "#" not in log, f"{leaked}")
    say(f"firefox end to end took {time.monotonic() - started:.1f}s")
