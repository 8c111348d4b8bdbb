// SPDX-License-Identifier: MIT
// Where a save's time goes, stage by stage (BENCHMARKS.md), for the browser bench only: on when the opener's
// origin has localStorage `coffer-timings` = `1` as the save begins (Tests/Browser sets it; nothing in the page
// does). Each stage adds the milliseconds between `start()` and `add(stage, started)`; `publish()` writes the
// totals, as JSON, to body[data-timings]. Off, each call costs one test.
let on = false;
let totals = {};

/** Reads the switch: call as a save begins. */
export function begin() {
    try {
        on = globalThis.localStorage?.getItem('coffer-timings') === '1';
    } catch {
        on = false; // storage refused (a sandboxed frame, privacy settings): no timings
    }
    totals = {};
}

export function start() { return on ? performance.now() : 0; }

export function add(stage, started) {
    if (on) totals[stage] = (totals[stage] ?? 0) + (performance.now() - started);
}

export function count(stage, n = 1) {
    if (on) totals[stage] = (totals[stage] ?? 0) + n;
}

export function publish() {
    if (!on) return;
    const rounded = Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, Math.round(value)]));
    document.body.dataset.timings = JSON.stringify(rounded);
}
