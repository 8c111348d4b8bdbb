# SPDX-License-Identifier: MIT
"""What the end-to-end tests share (e2e.py with the fixture storage, e2e_serve.py with `coffer serve`): the
`coffer` binary, random files and their hashes, the page's state and its save in either browser, and the checks
each run makes the same way.

A browser here is an object with `open(link)`, `state()`, `wait(states, seconds)`, `click(selector)`,
`type(selector, text)`, `screenshot(name)` and `save(seconds)` (clicks **Save file**, returns the saved file's
path or None): `ChromiumTab` over a Playwright page, `Firefox` over Marionette."""
import datetime
import hashlib
import json
import os
import pathlib
import re
import socket
import subprocess
import time

# [state, error name, title, text, how the page read the body ("byob" or "default", once saved), where the save
# went (save.js's sink kind: "private file system", "service worker", …)]
STATE = ("[document.body.dataset.state, document.body.dataset.error || '',"
         " document.getElementById('title').textContent, document.getElementById('text').textContent,"
         " document.body.dataset.reader || '', document.body.dataset.sink || '']")
# The names of the files in the opener's origin-private save folder (Web/opener/js/opfs-save.js), and a way to leave
# one there as an earlier visit would (its name, not held by any page's lock).
# (`next()` by hand: Marionette's script sees the page's objects without their Symbol.asyncIterator.)
SAVES = ("(async () => { try { const folder = await (await navigator.storage.getDirectory())"
         ".getDirectoryHandle('coffer-saves'); const names = []; const keys = folder.keys(); "
         "for (let next = await keys.next(); !next.done; next = await keys.next()) names.push(next.value); "
         "return names; } catch (error) { return error.name === 'NotFoundError' ? [] : [`error: ${error.name}`]; } "
         "})()")
LEAVE_SAVE = ("(async () => { const folder = await (await navigator.storage.getDirectory())"
              ".getDirectoryHandle('coffer-saves', { create: true }); const file = await folder.getFileHandle("
              "'00000000-0000-4000-8000-000000000000', { create: true }); const writable = await "
              "file.createWritable(); await writable.write(new Uint8Array(4096)); await writable.close(); "
              "return true; })()")
SERVICE_WORKER_ON = "localStorage.setItem('coffer-save', 'service-worker')"
# The bench's switch for the page's stage timings (Web/opener/js/timings.js), and where the page leaves them.
TIMINGS_ON = "localStorage.setItem('coffer-timings', '1')"
TIMINGS = "document.body.dataset.timings || ''"
CHROMIUM = os.environ.get("COFFER_CHROMIUM", "/usr/bin/chromium")
FIREFOX = os.environ.get("COFFER_FIREFOX", "/usr/bin/firefox-esr")
RIGHT_PASSWORD = "correct horse battery staple"
WRONG_PASSWORD = "Tr0ub4dor&3"


def coffer_binary(root):
    explicit = os.environ.get("COFFER_BIN")
    if explicit:
        return explicit
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()
    return str(pathlib.Path(path) / "coffer")


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def write_random(path, size):
    """`size` random bytes to `path`, 16 MiB at a time (never the whole file in memory)."""
    with open(path, "wb") as f:
        left = size
        while left:
            f.write(os.urandom(min(left, 1 << 24)))
            left -= min(left, 1 << 24)


def fragment(link):
    return link.split("#", 1)[1] if "#" in link else ""


def mistyped(link):
    """The link with its last character changed: the checksum no longer matches."""
    return link[:-1] + ("A" if link[-1] != "A" else "B")


def expires_soon(seconds=3):
    """An `--expires` instant `seconds` ahead; the caller sleeps past it before opening the link."""
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return soon.strftime("%Y-%m-%dT%H:%M:%SZ")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ChromiumTab:
    """A fresh Playwright context and page of `browser`; screenshots are OUT/{prefix}{name}.png."""

    def __init__(self, browser, out, prefix, downloads=True, context=None):
        # A context of `browser` is a private (incognito) one: Chromium keeps its origin-private file system in
        # memory there. The bench passes a persistent `context` (a profile on disk) instead, as a person has.
        self.context = context or browser.new_context(accept_downloads=downloads)
        self.page = self.context.new_page()
        self.started = []  # every download this tab started
        self.page.on("download", lambda download: self.started.append(download))
        self.out, self.prefix = out, prefix
        self.download = None

    def open(self, link):
        self.page.goto(link)

    def state(self):
        return self.page.evaluate(STATE)

    def wait(self, states, seconds=60):
        # Selectors, not wait_for_function: the page's CSP forbids evaluating strings.
        self.page.wait_for_selector(", ".join(f'body[data-state="{s}"]' for s in states), state="attached",
                                    timeout=seconds * 1000)
        return self.state()

    def wait_error(self, error, state, seconds=60):
        self.page.wait_for_selector(f'body[data-error="{error}"][data-state="{state}"]', state="attached",
                                    timeout=seconds * 1000)
        return self.state()

    def click(self, selector):
        self.page.click(selector)

    def type(self, selector, text):
        self.page.fill(selector, text)

    def screenshot(self, name):
        self.page.screenshot(path=str(self.out / f"{self.prefix}{name}.png"))

    def save(self, seconds=60):
        """Clicks Save file; the path of the finished download, or None when the browser marked it failed or
        none started within `seconds` (the caller records the failure; the run goes on)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        try:
            with self.page.expect_download(timeout=seconds * 1000) as info:
                self.page.click("#save")
        except PlaywrightTimeout:
            return None
        self.download = info.value
        self.wait(["done", "error"], seconds)
        return None if self.download.failure() else pathlib.Path(self.download.path())

    def save_failed(self, seconds=60):
        """Clicks Save file when the save must fail: waits for "done" or "error"; the downloads the browser
        finished meanwhile (none is right)."""
        before = len(self.started)
        self.page.click("#save")
        self.wait(["done", "error"], seconds)
        self.page.wait_for_timeout(1000)
        return [d for d in self.started[before:] if not d.failure()]

    def finished_downloads(self):
        """How many downloads of this tab finished whole."""
        return sum(1 for d in self.started if not d.failure())

    def saves(self):
        """The files in the opener's private save folder."""
        return self.page.evaluate(SAVES)

    def leave_save(self):
        self.page.evaluate(LEAVE_SAVE)

    def reload(self):
        self.page.reload()

    def pass_over_private_files(self):
        """The page's switch that makes it save through the service worker (opfs-save.js): Chromium has no
        setting that limits an origin's storage (DevTools' quota override does not reach `estimate()`)."""
        self.page.evaluate(SERVICE_WORKER_ON)

    def enable_timings(self):
        """The page's per-stage timings of the next save (Web/opener/js/timings.js): its localStorage switch."""
        self.page.evaluate(TIMINGS_ON)

    def timings(self):
        return json.loads(self.page.evaluate(TIMINGS) or "{}")

    def close(self):
        self.context.close()


FIREFOX_PREFERENCES = """user_pref("marionette.port", {port});
user_pref("browser.download.folderList", 2);
user_pref("browser.download.dir", "{downloads}");
user_pref("browser.download.useDownloadDir", true);
user_pref("browser.download.always_ask_before_handling_new_types", false);
user_pref("browser.helperApps.neverAsk.saveToDisk", "application/octet-stream");
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
"""


class Firefox:
    """Debian's stock Firefox ESR, headless, driven through Marionette (PyPI `marionette_driver`): Playwright's
    Firefox needs its own patched build, and its WebDriver BiDi Firefox is not exposed to Python. Downloads go to
    WORK/firefox-downloads; screenshots are OUT/firefox-{prefix}{name}.png. `preferences` are more user.js
    lines."""

    def __init__(self, work, out, prefix="", preferences=""):
        from marionette_driver.marionette import Marionette
        self.out, self.prefix = out, prefix
        self.downloads = work / "firefox-downloads"
        self.downloads.mkdir()
        profile = work / "firefox-e2e-profile"
        profile.mkdir()
        port = free_port()
        (profile / "user.js").write_text(FIREFOX_PREFERENCES.format(port=port, downloads=self.downloads)
                                         + preferences)
        self.process = subprocess.Popen([FIREFOX, "--headless", "--marionette", "--no-remote", "--profile",
                                         str(profile)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env=dict(os.environ, MOZ_HEADLESS="1"))
        self.driver = Marionette(host="127.0.0.1", port=port)
        self.driver.start_session()

    def open(self, link):
        self.driver.navigate(link)

    def state(self):
        return self.driver.execute_script(f"return {STATE}")

    def wait(self, states, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.state()
            if state[0] in states:
                return state
            time.sleep(0.1)
        return self.state()

    def wait_error(self, error, state, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.state()[:2] != [state, error]:
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
        (self.out / f"firefox-{self.prefix}{name}.png").write_bytes(self.driver.screenshot(format="binary"))

    def save(self, seconds=60):
        """Clicks Save file, waits for "done" or "error", then for the one new file without a `.part` beside it."""
        before = set(self.downloads.iterdir())
        self.click("#save")
        self.wait(["done", "error"], seconds)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = set(self.downloads.iterdir())
            new = [p for p in now - before if not p.name.endswith(".part")]
            if len(new) == 1 and not any(p.name.endswith(".part") for p in now):
                return new[0]
            time.sleep(0.2)
        return None

    def save_failed(self, seconds=60):
        """Clicks Save file when the save must fail; the files that appeared in Downloads (none is right)."""
        before = set(self.downloads.iterdir())
        self.click("#save")
        self.wait(["done", "error"], seconds)
        time.sleep(2)
        return sorted(set(self.downloads.iterdir()) - before)

    def finished_downloads(self):
        """The finished files in Downloads."""
        return sorted(p.name for p in self.downloads.iterdir() if not p.name.endswith(".part"))

    def _run_async(self, expression):
        return self.driver.execute_async_script(
            f"const done = arguments[arguments.length - 1]; {expression}.then(done, (e) => done(`error: ${{e}}`));")

    def saves(self):
        return self._run_async(SAVES)

    def leave_save(self):
        self._run_async(LEAVE_SAVE)

    def reload(self):
        self.driver.refresh()

    def enable_timings(self):
        self.driver.execute_script(f"{TIMINGS_ON}; return true")

    def timings(self):
        return json.loads(self.driver.execute_script(f"return {TIMINGS}") or "{}")

    def pid(self):
        return self.process.pid

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


def check_download(run, label, browser, name, expected_sha256, seconds=60):
    """From "ready": saves, compares the file's SHA-256, screenshots the end state; the seconds from the click to
    the end, or None."""
    state = browser.wait(["ready", "error"])
    if state[0] != "ready":
        run.record(f"{label} {name}", False, f"state {state}")
        return None
    browser.screenshot(f"{name}-ready")
    started = time.monotonic()
    path = browser.save(seconds)
    took = time.monotonic() - started
    state = browser.state()
    browser.screenshot(f"{name}-{state[0]}")
    got = sha256_file(path) if path else None
    run.record(f"{label} {name}: byte-identical download", state[0] == "done" and got == expected_sha256,
               f"state {state}, saved {path}")
    if path and path.parent.name == "firefox-downloads":
        path.unlink()
    return took


def check_refused(run, label, browser, name, link, error, title_part):
    """Opens `link`; the page must stop with `error` and a title containing `title_part`."""
    browser.open(link)
    state = browser.wait(["error"])
    browser.screenshot(name)
    run.record(f"{label} {name}: {error}", state[1] == error and title_part in state[2], f"state {state}")
    return state


def check_password(run, label, browser, link):
    """The page asks for the password, says so after a wrong one and asks again; the right one leads to
    "ready" (returned: the seconds from the click to "ready", the page's Argon2id, unwrap and header MAC)."""
    browser.open(link)
    state = browser.wait(["password", "error"])
    browser.screenshot("password-asked")
    run.record(f"{label} password: the page asks for it", state[0] == "password", f"state {state}")
    browser.type("#password", WRONG_PASSWORD)
    browser.click("#password-form button")
    state = browser.wait_error("wrongPassword", "password")
    browser.screenshot("password-wrong")
    run.record(f"{label} password: a wrong password is said so", "Wrong password" in state[3], f"state {state}")
    browser.type("#password", RIGHT_PASSWORD)
    started = time.monotonic()
    browser.click("#password-form button")
    state = browser.wait(["ready", "error"])
    run.record(f"{label} password: the right one opens it", state[0] == "ready", f"state {state}")
    return time.monotonic() - started


def check_no_fragments(run, label, log_path, fragments):
    text = pathlib.Path(log_path).read_text()
    leaked = [f for f in fragments if f and f in text]
    run.record(f"{label}: the access log never contains a fragment", not leaked and "#" not in text, f"{leaked}")


def peak_rss_mib(root_pid, is_renderer):
    """The largest VmHWM (peak RSS, MiB) among the descendants of `root_pid` whose command line (NUL bytes as
    spaces) satisfies `is_renderer`; read from /proc while they still run."""
    children, peaks = {}, {}
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            status = (entry / "status").read_text()
        except OSError:
            continue
        parent = int(re.search(r"PPid:\s+(\d+)", status).group(1))
        children.setdefault(parent, []).append(int(entry.name))
        peak = re.search(r"VmHWM:\s+(\d+) kB", status)
        peaks[int(entry.name)] = (is_renderer(command), int(peak.group(1)) if peak else 0)
    best, stack = 0, [root_pid] if root_pid else []
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        renderer, hwm = peaks.get(pid, (False, 0))
        if renderer:
            best = max(best, hwm)
    return best / 1024


def cpu_seconds(root_pid, is_renderer):
    """CPU seconds (user + system) so far of the process tree of `root_pid`: {"browser": the root process (the
    browser's parent process), "renderers": the processes `is_renderer` names (page, service worker), "other"}."""
    children, spent = {}, {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        spent[int(entry.name)] = (is_renderer(command), (int(fields[11]) + int(fields[12])) / tick)
    totals, stack = {"browser": 0.0, "renderers": 0.0, "other": 0.0}, [root_pid] if root_pid else []
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        renderer, seconds = spent.get(pid, (False, 0.0))
        totals["browser" if pid == root_pid else "renderers" if renderer else "other"] += seconds
    return totals


def cpu_used(before, after):
    """`after - before` of two cpu_seconds results, rounded to 0.01 s."""
    return {key: round(after[key] - before[key], 2) for key in after}


def process_peak_mib(pid):
    """VmHWM (peak RSS, MiB) of one process (the browser's parent process: downloads and file systems run there)."""
    try:
        status = pathlib.Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    peak = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(peak.group(1)) / 1024 if peak else 0.0


def chromium_root(tag):
    """The pid of the Chromium browser process started with `--coffer-test=TAG`."""
    for entry in pathlib.Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"chrom" in command.split(b" ")[0] and b"--coffer-test=" + tag.encode() + b" " in command \
                and b" --type=" not in command:
            return int(entry.name)
    return None


def chromium_renderer(command):
    # Chromium's child processes rewrite their command line as one space-separated string.
    return b" --type=renderer " in command


def firefox_content(command):
    # Firefox's content processes (tabs, service workers) run `firefox-esr -contentproc … tab`.
    return b" -contentproc " in command
