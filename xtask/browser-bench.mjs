// The browser half of `cargo xtask bench-browser` (xtask/src/bench/browser.rs), which builds the
// indexes and the widget, serves them, and runs this script with one argument: a JSON object
//   { "chromium": "/usr/bin/chromium", "pages": [{ "resources": 5000, "url": "http://…/page.html" }],
//     "loads": 5, "rounds": 3, "queries": ["territoire", …] }
// It prints one JSON object on its last line: for each page, the load timings and the keystroke
// latencies, in milliseconds. Numbers only; the Rust side turns them into the report.
//
// What is measured, in the page's own clock (performance.now(), one time origin):
// - "usable": from DOMContentLoaded (the navigation entry's domContentLoadedEventStart) to the
//   moment the widget's search field is enabled *and* its first answer (the first screen's
//   results and atlas counts) is in the DOM: `section.ca[data-state=ready]` and
//   `section.ca-results[data-answer]`. Each load is a fresh browser context (an empty cache).
// - "keystroke": from a key's beforeinput event (its timeStamp) to the mutation that puts the
//   answer for the new text into the DOM (the results section's `data-answer` changes, which
//   Yew writes in the same render as the result list, the status line and every count). The
//   next animation frame after it is recorded too ("frame"). Every query is typed once before
//   measuring, so the chunks it needs are cached; then `rounds` times, one key at a time,
//   finishing with a select-all and Backspace.
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS } from "../tests/e2e/harness.mjs";

const input = JSON.parse(process.argv[2]);

// The pause between two keystrokes: longer than the widget's typing delay (80 ms), so that each
// key is searched at once and what is measured is the search and the render, not the throttle.
const KEY_GAP_MS = 120;

const READY_PROBE = `(() => {
  const start = () => {
    const poll = () => {
      const host = document.querySelector("commons-atlas");
      const root = host && host.shadowRoot;
      const ready = root && root.querySelector("section.ca[data-state=ready]");
      const field = root && root.querySelector("input.ca-input:not([disabled])");
      const answered = root && root.querySelector("section.ca-results[data-answer]");
      if (ready && field && answered) {
        window.__caUsable = performance.now();
      } else {
        setTimeout(poll, 2);
      }
    };
    poll();
  };
  document.addEventListener("DOMContentLoaded", start);
})();`;

/** A fresh context (empty cache) with `url` loaded and its widget usable. */
async function openReady(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.addInitScript(READY_PROBE);
  await page.goto(url);
  await page.waitForFunction(() => window.__caUsable !== undefined, null, { timeout: 30_000 });
  return { context, page };
}

async function usableAfterDcl(browser, url) {
  const { context, page } = await openReady(browser, url);
  try {
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return window.__caUsable - nav.domContentLoadedEventStart;
    });
  } finally {
    await context.close();
  }
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
      window.__caKeys.push({ dom: done.answered - done.down, frame: done.frame - done.down });
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

async function keystrokes(browser, url, queries, rounds) {
  const { context, page } = await openReady(browser, url);
  try {
    await page.evaluate(KEY_PROBE);
    const field = page.locator("commons-atlas input.ca-input");
    await field.focus();
    let samples = [];
    for (let round = 0; round <= rounds; round++) {
      if (round === 1) {
        // Round 0 only warmed the cache.
        await page.evaluate(() => (window.__caKeys = []));
      }
      for (const query of queries) {
        for (const ch of query) await typeAndWait(page, ch);
        await page.keyboard.press("Control+A");
        await typeAndWait(page, "Backspace");
      }
    }
    samples = await page.evaluate(() => window.__caKeys);
    return samples;
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: input.chromium, args: CHROMIUM_FLAGS });
const out = [];
try {
  for (const { resources, url } of input.pages) {
    const usable = [];
    for (let i = 0; i < input.loads; i++) usable.push(await usableAfterDcl(browser, url));
    const keys = await keystrokes(browser, url, input.queries, input.rounds);
    out.push({ resources, usable, dom: keys.map((k) => k.dom), frame: keys.map((k) => k.frame) });
    console.error(`browser bench: ${resources} resources measured (${keys.length} keystrokes)`);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
