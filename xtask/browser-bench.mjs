// The browser half of `cargo xtask bench-browser` (xtask/src/bench/browser.rs), which builds the
// indexes and the widget, serves them, and runs this script with one argument: a JSON object
//   { "chromium": "/usr/bin/chromium", "pages": [{ "page": "5000", "url": "http://…/page.html", "keystrokes": true }],
//     "loads": 5, "rounds": 3, "queries": ["territoire", …], "first": "énergie coopérative",
//     "profile": null }
// ("profile": a path prefix: the measured keystrokes of each page are profiled with the
// DevTools Protocol's sampling profiler, written to `<prefix>.<page>.cpuprofile` with the
// samples and the text each answered in `<prefix>.<page>.keys.json`, and the functions with the
// most self time are printed.)
// It prints one JSON object on its last line: for each page, what each first visit cost and the
// keystroke latencies, in milliseconds and bytes. Numbers only; the Rust side turns them into
// the report.
//
// What is measured, in the page's own clock (performance.now(), one time origin), and with the
// page's own Resource Timing entries (`transferSize`: the bytes on the wire, headers included,
// of every response; the page's HTML is the navigation entry):
// - "usable": from DOMContentLoaded (the navigation entry's domContentLoadedEventStart) to the
//   moment a search field that takes typing is in the widget (`input.ca-input`, not disabled:
//   the loader's frame or the widget's own); the bytes and requests of the responses complete by
//   then.
// - "answer": the 2-word query `first` is typed at once, the moment the field is usable (its
//   value set and an `input` event sent, as a paste does); then the time and the bytes until its
//   answer is in the DOM: the widget ready, the results section's `data-answer` set and not busy,
//   the count not stale, the field holding the query. "records" are the bytes of the record
//   files among them; "shown" the results on screen.
// - "tick": the first family box of the first dimension facet is ticked; the bytes of every
//   request made until the new answer, and how many of them are not record files.
// - "keystroke": from a key's beforeinput event (its timeStamp) to the mutation that puts the
//   answer for the new text into the DOM (the results section's `data-answer` changes, which
//   Yew writes in the same render as the result list, the status line and every count). The
//   next animation frame after it is recorded too ("frame"). Every query is typed once before
//   measuring, so the chunks it needs are cached; then `rounds` times, one key at a time,
//   finishing with a select-all and Backspace.
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS } from "../tests/e2e/harness.mjs";

const input = JSON.parse(process.argv[2]);

// The pause between two keystrokes: longer than the widget's typing delay (80 ms), so that each
// key is searched at once and what is measured is the search and the render, not the throttle.
const KEY_GAP_MS = 120;

/** Installed before the page's scripts: finds the usable field, types the query into it, and
 * waits for its answer; records the moments in `window.__ca`. */
const FIRST_VISIT_PROBE = (query) => {
  performance.setResourceTimingBufferSize(100000);
  window.__ca = {};
  const shadow = () => {
    const host = document.querySelector("commons-atlas");
    return host && host.shadowRoot;
  };
  const answered = () => {
    const root = shadow();
    const field = root && root.querySelector("input.ca-input");
    const results = root && root.querySelector("section.ca[data-state=ready] section.ca-results[data-answer]");
    return (
      field && field.value === query && results && results.getAttribute("aria-busy") !== "true" && !root.querySelector(".ca-count-text.ca-stale")
    );
  };
  const poll = () => {
    const root = shadow();
    const field = root && root.querySelector("input.ca-input:not([disabled])");
    if (window.__ca.usable === undefined && field) {
      window.__ca.usable = performance.now();
      field.value = query;
      field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: query }));
    }
    if (window.__ca.usable !== undefined && answered()) {
      window.__ca.answer = performance.now();
      return;
    }
    setTimeout(poll, 2);
  };
  document.addEventListener("DOMContentLoaded", poll);
};

/** Bytes and requests of the responses complete by `until` (page time), or started after `from`. */
const SPENT = ([from, until]) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const entries = [nav, ...performance.getEntriesByType("resource")].filter((e) => e.startTime >= from && e.responseEnd <= until);
  const bytes = (list) => list.reduce((n, e) => n + (e.transferSize || 0), 0);
  const records = entries.filter((e) => /\/records-[^/]*\.bin/.test(e.name));
  return { bytes: bytes(entries), requests: entries.length, records: bytes(records), others: entries.length - records.length };
};

/** One first visit in a fresh context (an empty cache): what it cost to be usable, to answer
 * `query`, and to tick a family box after that. */
async function firstVisit(browser, url, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  try {
    const page = await context.newPage();
    await page.addInitScript(FIRST_VISIT_PROBE, query);
    await page.goto(url);
    await page.waitForFunction(() => window.__ca.answer !== undefined, null, { timeout: 60_000 });
    const t = await page.evaluate(() => ({ dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventStart, ...window.__ca }));
    const usable = await page.evaluate(SPENT, [0, t.usable]);
    const answer = await page.evaluate(SPENT, [0, t.answer]);
    const shown = await page.evaluate(() => document.querySelector("commons-atlas").shadowRoot.querySelectorAll(".ca-list .ca-card").length);
    // Tick a family: the first box of the first dimension facet.
    const tick = await page.evaluate(async () => {
      const root = document.querySelector("commons-atlas").shadowRoot;
      const results = root.querySelector("section.ca-results");
      const before = results.getAttribute("data-answer");
      const box = root.querySelector(".ca-facets section.ca-facet input[type=checkbox]");
      const from = performance.now();
      box.click();
      for (;;) {
        await new Promise((r) => setTimeout(r, 2));
        if (results.getAttribute("data-answer") !== before && results.getAttribute("aria-busy") !== "true") break;
      }
      return [from, performance.now()];
    });
    const ticked = await page.evaluate(SPENT, tick);
    return {
      usable: t.usable - t.dcl,
      usableBytes: usable.bytes,
      usableRequests: usable.requests,
      answer: t.answer - t.dcl,
      answerBytes: answer.bytes,
      answerRequests: answer.requests,
      recordBytes: answer.records,
      shown,
      tickBytes: ticked.bytes,
      tickOthers: ticked.others,
    };
  } finally {
    await context.close();
  }
}

/** A fresh context with `url` loaded and its first answer shown. */
async function openReady(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => {
    const root = document.querySelector("commons-atlas")?.shadowRoot;
    return root && root.querySelector("section.ca[data-state=ready] section.ca-results[data-answer]");
  }, null, { timeout: 60_000 });
  return { context, page };
}

// Installed in the page once: records, for the next key, beforeinput → answer in the DOM → frame.
const KEY_PROBE = () => {
  const root = document.querySelector("commons-atlas").shadowRoot;
  const field = root.querySelector("input.ca-input");
  const results = () => root.querySelector("section.ca-results");
  window.__caKeys = [];
  let pending = null;
  // beforeinput, not keydown: a character without a key on the keyboard layout (é) is typed
  // as text, with no keydown; every edit, Backspace included, has a beforeinput.
  field.addEventListener("beforeinput", (e) => {
    const section = results();
    pending = { down: e.timeStamp, before: section && section.getAttribute("data-answer") };
  }, true);
  new MutationObserver(() => {
    const section = results();
    if (!pending || !section) return;
    const answer = section.getAttribute("data-answer");
    if (answer === pending.before || section.getAttribute("aria-busy") === "true") return;
    const done = pending;
    pending = null;
    done.answered = performance.now();
    requestAnimationFrame(() => {
      done.frame = performance.now();
      window.__caKeys.push({ dom: done.answered - done.down, frame: done.frame - done.down, text: field.value });
    });
  }).observe(root, { subtree: true, attributes: true, attributeFilter: ["data-answer", "aria-busy"] });
};

async function typeAndWait(page, key) {
  const before = await page.evaluate(() => window.__caKeys.length);
  if (key.length === 1) await page.keyboard.type(key);
  else await page.keyboard.press(key);
  await page.waitForFunction((n) => window.__caKeys.length > n, before, { timeout: 30_000 });
  await page.waitForTimeout(KEY_GAP_MS);
}

/** The functions of a CPU profile (`Profiler.stop`'s) with the most self time, and their
 * share of the time the page was not idle, as lines of text. */
function profileSummary(profile, top = 40) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const gaps = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url ? f.url.split("/").pop() + ":" + f.lineNumber : ""}`.trim();
    self.set(name, (self.get(name) || 0) + (gaps[i + 1] || 0) / 1000);
  });
  const busy = [...self].filter(([n]) => !/^\((idle|program|garbage collector)\)/.test(n)).reduce((t, [, v]) => t + v, 0);
  const lines = [`busy (not idle, program or gc): ${busy.toFixed(0)} ms; gc ${(self.get("(garbage collector)") || 0).toFixed(0)} ms`];
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${ms.toFixed(1).padStart(8)} ms ${((ms / busy) * 100).toFixed(1).padStart(5)} %  ${name}`);
  }
  return lines.join("\n");
}

async function keystrokes(browser, url, queries, rounds, profilePath) {
  const { context, page } = await openReady(browser, url);
  try {
    await page.evaluate(KEY_PROBE);
    const field = page.locator("commons-atlas input.ca-input");
    await field.focus();
    let samples = [];
    const cdp = profilePath ? await context.newCDPSession(page) : null;
    for (let round = 0; round <= rounds; round++) {
      if (round === 1) {
        // Round 0 only warmed the cache.
        await page.evaluate(() => (window.__caKeys = []));
        if (cdp) {
          await cdp.send("Profiler.enable");
          await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
          await cdp.send("Profiler.start");
        }
      }
      for (const query of queries) {
        for (const ch of query) await typeAndWait(page, ch);
        await page.keyboard.press("Control+A");
        await typeAndWait(page, "Backspace");
      }
    }
    samples = await page.evaluate(() => window.__caKeys);
    if (cdp) {
      const { profile } = await cdp.send("Profiler.stop");
      writeFileSync(profilePath, JSON.stringify(profile));
      writeFileSync(profilePath.replace(/\.cpuprofile$/, ".keys.json"), JSON.stringify(samples));
      console.error(`browser bench: CPU profile of the keystrokes in ${profilePath}\n${profileSummary(profile)}`);
    }
    return samples;
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: input.chromium, args: CHROMIUM_FLAGS });
const out = [];
try {
  for (const { page, url, keystrokes: typed } of input.pages) {
    const visits = [];
    for (let i = 0; i < input.loads; i++) visits.push(await firstVisit(browser, url, input.first));
    const profile = input.profile ? `${input.profile}.${page}.cpuprofile` : null;
    const keys = typed ? await keystrokes(browser, url, input.queries, input.rounds, profile) : [];
    out.push({ page, visits, dom: keys.map((k) => k.dom), frame: keys.map((k) => k.frame) });
    console.error(`browser bench: ${page} measured (${visits.length} first visits, ${keys.length} keystrokes)`);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
