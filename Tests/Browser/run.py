#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Browser tests of the opener (Spec/opener.md §6), offline, against the loopback fixture of fixture_server.py.

  run.py vectors    every links_*.json case, the Argon2id tags and every X25519/scrypt CCTV age case through the
                    opener's modules, in Chromium (Playwright) and Firefox ESR (headless, self-reporting)
  run.py e2e        end to end in Chromium (Playwright) and Firefox ESR (Marionette): files made by
                    `coffer link create`, opened through the page (e2e.py) and through a real `coffer serve`
                    (e2e_serve.py: uploads by `coffer link create --server`, 64 MiB and 1 GiB in both browsers
                    with their numbers in OUT/bench.json), and the folder links (e2e_folder.py); what they share
                    is in browsers.py
  run.py folder     only the folder links (e2e_folder.py: `coffer vault link create` through `coffer serve`, and
                    a hostile fixture serving a directory vault), in both browsers
  run.py bench      only the 64 MiB and 1 GiB downloads through `coffer serve`, in both browsers, against
                    `coffer link open` (BENCHMARKS.md; COFFER_BIN=.build/release/coffer for its table), with
                    the page's time per stage of the save (js/timings.js) and each browser's CPU seconds;
                    through the private file system, and also through the service worker with
                    COFFER_BROWSER_SW=1; COFFER_BROWSER_4GIB=1 adds 4 GiB (about 25 GiB of free disk)
  run.py all        vectors and e2e (what ./dev test runs)

Screenshots and the access log go to $COFFER_BROWSER_OUT (default .build/browser-tests). Ends with one line
`N passed, M failed`; exits 1 on any failure.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import fixture_server  # noqa: E402
import vectors  # noqa: E402
from browsers import CHROMIUM, FIREFOX  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
OUT = pathlib.Path(os.environ.get("COFFER_BROWSER_OUT", ROOT / ".build" / "browser-tests"))


def say(text):
    print(f"browser-tests: {text}", file=sys.stderr, flush=True)


class Run:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def record(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed.append(name)
            say(f"FAIL {name}: {detail}")


def start_fixture(work):
    opener = work / "opener"
    storage = work / "storage"
    storage.mkdir(parents=True, exist_ok=True)
    fixture = fixture_server.Fixture(opener, HERE / "harness", storage, OUT / "access.log")
    subprocess.run([sys.executable, str(ROOT / "Web" / "deploy-opener.py"), "deploy", fixture.storage_origin,
                    str(opener)], check=True)
    return fixture, storage


def collect(fixture, run, browser, timeout=900):
    if not fixture.state["event"].wait(timeout):
        run.record(f"{browser}: vector run", False, "no results within the time limit")
        return
    report = fixture.state["results"].pop()
    fixture.state["event"].clear()
    failed = [r for r in report["results"] if not r["passed"]]
    for result in report["results"]:
        run.record(f"{browser} {result['suite']} {result['id']}", result["passed"], result["detail"])
    say(f"{browser}: {len(report['results']) - len(failed)} passed, {len(failed)} failed "
        f"({report['userAgent']}; crypto sources {json.dumps(report['sources'])})")


def vectors_in_chromium(fixture, run):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda m: m.type == "error" and say(f"chromium console: {m.text}"))
        page.goto(f"{fixture.opener_origin}/test/harness.html")
        collect(fixture, run, "chromium")
        page.screenshot(path=str(OUT / "vectors-chromium.png"))
        browser.close()


def vectors_in_firefox(fixture, run, work):
    profile = work / "firefox-profile"
    profile.mkdir()
    (profile / "user.js").write_text(
        'user_pref("browser.shell.checkDefaultBrowser", false);\n'
        'user_pref("datareporting.policy.dataSubmissionEnabled", false);\n'
        'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);\n'
        'user_pref("browser.aboutwelcome.enabled", false);\n'
        'user_pref("network.proxy.type", 0);\n')
    env = dict(os.environ, MOZ_HEADLESS="1")
    firefox = subprocess.Popen([FIREFOX, "--headless", "--no-remote", "--profile", str(profile),
                                f"{fixture.opener_origin}/test/harness.html"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        collect(fixture, run, "firefox")
    finally:
        firefox.terminate()
        try:
            firefox.wait(20)
        except subprocess.TimeoutExpired:
            firefox.kill()
            firefox.wait()


def run_vectors(fixture, run, work):
    suites = vectors.all_suites()
    fixture.state["vectors"] = json.dumps(suites).encode()
    cases = sum(len(s["tests"]) for s in suites)
    excluded = sum(len(s.get("excluded", [])) for s in suites)
    say(f"{cases} vector cases per browser ({excluded} CCTV post-quantum cases without an X25519 identity left out)")
    started = time.monotonic()
    vectors_in_chromium(fixture, run)
    say(f"chromium vectors took {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    vectors_in_firefox(fixture, run, work)
    say(f"firefox vectors took {time.monotonic() - started:.1f}s")


def check_release(run):
    """The integrity attributes match the files, and Spec/opener.md publishes this release's manifest hash."""
    check = subprocess.run([sys.executable, str(ROOT / "Web" / "deploy-opener.py"), "check"], capture_output=True,
                           text=True)
    run.record("opener: every integrity attribute and the wasm hash match the files", check.returncode == 0,
               check.stderr.strip())
    line = check.stdout.strip().splitlines()[-1]
    run.record("opener: Spec/opener.md publishes the release manifest hash",
               line in (ROOT / "Spec" / "opener.md").read_text(), f"{line} is not in Spec/opener.md")


def main(argv):
    what = argv[1] if len(argv) > 1 else "all"
    if what not in ("vectors", "e2e", "folder", "bench", "all"):
        print(__doc__, file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "access.log").write_text("")
    run = Run()
    work = pathlib.Path(tempfile.mkdtemp(prefix="coffer-browser-"))
    check_release(run)
    fixture, storage = start_fixture(work)
    try:
        if what in ("vectors", "all"):
            run_vectors(fixture, run, work)
        if what in ("e2e", "all"):
            import e2e
            import e2e_serve
            e2e.run_all(fixture, storage, run, work, OUT, say, ROOT)
            numbers = e2e_serve.run_all(run, work, OUT, say, ROOT, HERE / "harness")
            (OUT / "bench.json").write_text(json.dumps(numbers, indent=2) + "\n")
        if what in ("e2e", "folder", "all"):
            import e2e_folder
            from browsers import check_no_fragments
            started = time.monotonic()
            fragments = e2e_folder.run_all(run, work, OUT, say, ROOT, HERE / "harness")
            check_no_fragments(run, "folder e2e", OUT / "access.log", fragments)
            say(f"folder links in both browsers took {time.monotonic() - started:.1f}s")
        if what == "bench":
            import e2e_serve
            numbers = e2e_serve.run_bench(run, work, OUT, say, ROOT, HERE / "harness")
            (OUT / "bench.json").write_text(json.dumps(numbers, indent=2) + "\n")
    finally:
        fixture.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{run.passed} passed, {len(run.failed)} failed")
    return 0 if not run.failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
