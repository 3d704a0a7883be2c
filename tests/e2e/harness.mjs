// The browser tests' harness: the demo server, the one shared browser, fresh pages, and the
// few helpers every scenario uses to look at a widget the way a visitor does.
//
// - The server is `cargo xtask serve target/demo --port 0` (or `$COMMONS_ATLAS_XTASK serve …`),
//   started once as a child process in its own process group and killed at the end. Set
//   COMMONS_ATLAS_E2E_URL to test a demo that is already served instead (for example
//   `cargo xtask demo --port 8123`).
// - The browser is Debian's Chromium (/usr/bin/chromium, or CHROMIUM), launched once for the
//   whole run by `browser()`; each test gets a fresh context from `openPage()`.
// - Nothing here sleeps: `until()` polls a condition and fails with what it last saw.
//
// Locators pierce the widgets' open shadow roots, so tests find things by role and accessible
// name as a visitor (or a screen reader) would.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEMO = join(ROOT, "target/demo");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** How long a condition may take before a test fails (the demo is local: generous). */
export const TIMEOUT = 15_000;

let server = null; // { child, url }
let browserPromise = null;

/** The demo's base URL (ending in "/"), starting the server on first use. */
export async function demoUrl() {
  if (process.env.COMMONS_ATLAS_E2E_URL) {
    const url = process.env.COMMONS_ATLAS_E2E_URL;
    return url.endsWith("/") ? url : `${url}/`;
  }
  if (server) return server.url;
  if (!existsSync(join(DEMO, "atlas", "atlas.js"))) {
    throw new Error(`${DEMO} has no atlas/atlas.js: build the demo first with \`cargo xtask demo --no-serve\``);
  }
  // `cargo xtask test` passes its own executable, which spares a cargo run (and its build lock).
  const [command, ...args] = process.env.COMMONS_ATLAS_XTASK
    ? [process.env.COMMONS_ATLAS_XTASK, "serve", DEMO, "--port", "0"]
    : ["cargo", "xtask", "serve", DEMO, "--port", "0"];
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true, // its own process group, so that stopping it stops cargo's child too
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise((ok, fail) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`the demo server did not start in 120 s:\n${out}${err}`)), 120_000);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /Serving .* at (http:\/\/\S+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`the demo server stopped (exit ${code}):\n${out}${err}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  server = { child, url };
  process.once("exit", stopServer);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      stopServer();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
  return url;
}

export function stopServer() {
  if (!server) return;
  const { child } = server;
  server = null;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}

/** The one browser of the run. */
/** Headless Chromium's flags here: no sandbox (root), and no network of its own (closed machine). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function browser() {
  if (!browserPromise) {
    browserPromise = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  }
  return browserPromise;
}

export async function closeBrowser() {
  if (!browserPromise) return;
  const b = await browserPromise;
  browserPromise = null;
  await b.close();
}

/**
 * A fresh context and page for test `t`, closed when the test ends. The page's uncaught
 * errors and dialogs are recorded (`page.errors`, `page.dialogs`); a dialog is dismissed.
 */
export async function openPage(t, { viewport = { width: 1280, height: 900 }, locale = "en-US", colorScheme = "light" } = {}) {
  const b = await browser();
  const context = await b.newContext({ viewport, locale, colorScheme });
  context.setDefaultTimeout(TIMEOUT);
  t.after(() => context.close());
  const page = await context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.on("pageerror", (e) => page.errors.push(e));
  page.on("dialog", (d) => {
    page.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return page;
}

/** Opens a demo page (`index.html`, `twice.html#…`, …) in `page`. */
export async function visit(page, path) {
  await page.goto(new URL(path, await demoUrl()).href);
}

/**
 * A fresh page (see `openPage` for `options`) on the demo page `path`, its widget, and the
 * widget's first settled total: how most scenarios begin.
 */
export async function openWidget(t, path = "index.html", options = {}) {
  const page = await openPage(t, options);
  await visit(page, path);
  const w = widget(page);
  const total = await settledTotal(w);
  return { page, w, total };
}

/**
 * Polls `probe` (async, returning a value) until `accept(value)` holds; returns the value.
 * Fails after TIMEOUT with `what` and the last value seen.
 */
export async function until(what, probe, accept = Boolean, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  let error;
  for (;;) {
    try {
      last = await probe();
      error = undefined;
      if (accept(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > end) {
      const seen = error ? `error: ${error.message}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 25)); // a polling interval, not a wait for time to pass
  }
}

/** The widget host `selector` (default: the first <commons-atlas>) of `page`. */
export function widget(page, selector = "commons-atlas") {
  return page.locator(selector).first();
}

/** The widget's result count live region (role=status, aria-live=polite, in the results head). */
export function statusRegion(w) {
  return w.locator(".ca-results-head").getByRole("status");
}

/**
 * The total the live region announces, once it is not marked stale: a number (0 for "no
 * results") or null while there is none. Reads "110 résultats · page 1 sur 11" as 110, in any
 * of the four languages and their digit grouping.
 */
export async function readTotal(w) {
  const region = statusRegion(w);
  if ((await region.count()) === 0) return null;
  const text = (await region.innerText()).trim();
  const stale = await w.locator(".ca-results-head .ca-count-text.ca-stale").count();
  if (stale) return null;
  return parseTotal(text);
}

export function parseTotal(text) {
  const first = text.split("·")[0];
  if (/^(Aucun résultat|No results|Ningún resultado|Nenhum resultado)/.test(first.trim())) return 0;
  const m = /^([\d\s\u202f\u00a0.,]+)\s+(résultats?|results?|resultados?)/.exec(first.trim());
  if (!m) return null;
  return Number(m[1].replace(/[^\d]/g, ""));
}

/** Waits until the widget shows a total (it has loaded and searched); returns it. */
/**
 * The URLs of the index files of `kind` (their name's prefix: "notes", "labels", "language"…)
 * that `page` requests from now on, as a list that grows while the test runs.
 */
export function indexRequests(page, kind) {
  const pattern = new RegExp(`/${kind}-[0-9a-f]{16}\\.bin$`);
  const seen = [];
  page.on("request", (r) => {
    if (pattern.test(r.url())) seen.push(r.url());
  });
  return seen;
}

export function settledTotal(w, what = "the widget's result count") {
  return until(what, () => readTotal(w), (n) => n !== null);
}

/** Waits until the total is `accept`ed (a number to equal, or a predicate); returns it. */
export function totalWhere(w, accept, what) {
  const test = typeof accept === "number" ? (n) => n === accept : (n) => n !== null && accept(n);
  return until(what || `the total to be ${typeof accept === "number" ? accept : accept.toString()}`, () => readTotal(w), test);
}

/** The titles of the results shown, in order. */
export function resultTitles(w) {
  return w.locator(".ca-list .ca-card-title").allInnerTexts();
}

/** This page's URL fragment (without "#"). */
export async function fragment(page) {
  return (await page.evaluate(() => location.hash)).replace(/^#/, "");
}

/** The element that has focus, looking through shadow roots: a short description. */
export function deepFocus(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute("role"),
      id: el.id,
      classes: el.className && typeof el.className === "string" ? el.className : "",
      text: (el.textContent || "").trim().slice(0, 120),
      inTitle: !!(el.closest && el.closest(".ca-card-title")),
      href: el.getAttribute("href"),
    };
  });
}

/** Asserts that the page threw nothing and opened no dialog. */
export function assertQuietPage(page) {
  assert.deepEqual(page.errors.map(String), [], "uncaught errors in the page");
  assert.deepEqual(page.dialogs, [], "dialogs opened by the page");
}

/** The strict host policy of issue 14 (what many institutional CMS send), for `strict.html`. */
export const STRICT_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".bin": "application/octet-stream",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * A small static server of its own (node:http on 127.0.0.1, a free port), for what the demo
 * server does not do: `mounts` maps URL prefixes to folders (`{ "/": DEMO, "/large/": dir }`,
 * the longest prefix wins), `headers(path)` gives extra response headers per path (a Content
 * Security Policy, say). `type(path)` may override the Content-Type (`null`: none sent).
 * Returns `{ url, close }`; close it in `t.after`.
 */
export async function staticServer(mounts, { headers = () => ({}), type = () => undefined } = {}) {
  const { createServer } = await import("node:http");
  const { readFile } = await import("node:fs/promises");
  const { extname, normalize } = await import("node:path");
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    let file = prefix === undefined ? null : normalize(join(mounts[prefix], path.slice(prefix.length)));
    if (file && !file.startsWith(normalize(mounts[prefix]))) file = null;
    if (file && (path.endsWith("/") || !extname(file))) file = join(file, "index.html");
    let body;
    try {
      body = file ? await readFile(file) : null;
    } catch {
      body = null;
    }
    if (body === null) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const custom = type(path);
    const head = { "Cache-Control": "no-cache", ...headers(path) };
    if (custom !== null) head["Content-Type"] = custom || TYPES[extname(file)] || "application/octet-stream";
    res.writeHead(200, head);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  // Closing waits for every connection to end, and Chromium may hold one open with no request
  // on it yet (a preconnect), which only the server's request timeout (minutes) would end; the
  // test is over, so end them all.
  return {
    url,
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

/**
 * One demo server and one Chromium for every test of the calling file, started before its
 * first test and stopped after its last (node runs each test file in its own process).
 */
export function shareServerAndBrowser() {
  before(async () => {
    await demoUrl();
    await browser();
  });
  after(async () => {
    await closeBrowser();
    stopServer();
  });
}
