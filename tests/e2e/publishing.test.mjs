// The published folder as a browser receives it: the widget's files come from their precompressed
// companions (`cargo xtask dist` writes `.br` and `.gz` beside each; `cargo xtask serve` sends
// them as a host configured as in docs/PUBLISHING.md does), with the MIME types and cache
// headers that the docs tell hosts to send. Over the demo (target/demo/atlas), like the widget's
// tests; run with `node --test tests/e2e/` once the demo is built.
//
// The same file checks another host that serves a copy of target/demo:
// `COMMONS_ATLAS_E2E_URL=http://127.0.0.1:8080/ node --test tests/e2e/publishing.test.mjs`
// (docs/PUBLISHING.md's nginx, Apache and Caddy configurations pass it).
//
// What is checked is what the page itself sees: the response headers of its requests, and the
// Performance API's sizes (`encodedBodySize` is the bytes that crossed the wire, which must be
// exactly the companion on disk; `decodedBodySize` the file the browser decoded from it).

import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DEMO, assertQuietPage, browser, openPage, settledTotal, shareServerAndBrowser, visit, widget } from "./harness.mjs";

/**
 * The widget's files and the MIME types a browser needs for them (any JavaScript type for the
 * scripts, as hosts differ; exactly application/wasm for the wasm, or it cannot be compiled
 * while it downloads).
 */
const WIDGET_FILES = [
  { name: "atlas.js", type: /^(text|application)\/javascript\b/ },
  { name: "commons-atlas.js", type: /^(text|application)\/javascript\b/ },
  { name: "commons-atlas_bg.wasm", type: /^application\/wasm$/ },
];
const FOREVER = "public, max-age=31536000, immutable";

// One server and one Chromium for this file's tests.
shareServerAndBrowser();

/**
 * Opens the demo's partner page in a fresh page (with `headers` sent on every request, if
 * given), waits until the widget answers, and returns the page and the responses of the files
 * under atlas/, by file name (the last one seen, without its query).
 */
async function loadWidget(t, headers) {
  const page = await openPage(t);
  if (headers) await page.setExtraHTTPHeaders(headers);
  const responses = new Map();
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/atlas/")) responses.set(url.pathname.slice("/atlas/".length), r);
  });
  await visit(page, "index.html");
  await settledTotal(widget(page), "the widget's result count (it loaded and searched)");
  return { page, responses };
}

/** The Performance API's entry of a file under atlas/, as the page sees it. */
function timing(page, name) {
  return page.evaluate((name) => {
    const entry = performance
      .getEntriesByType("resource")
      .find((e) => new URL(e.name).pathname === `/atlas/${name}`);
    return entry && { encoded: entry.encodedBodySize, decoded: entry.decodedBodySize, transfer: entry.transferSize };
  }, name);
}

const onDisk = (name) => statSync(join(DEMO, "atlas", name)).size;

describe("the published folder in Chromium", () => {
  test("P1. the widget loads from its brotli companions: the page sees Content-Encoding br on the wasm and the scripts", async (t) => {
    const { page, responses } = await loadWidget(t);
    for (const { name, type } of WIDGET_FILES) {
      const response = responses.get(name);
      assert.ok(response, `the page requested atlas/${name}`);
      const accepted = (await response.request().allHeaders())["accept-encoding"] || "";
      assert.match(accepted, /\bbr\b/, `Chromium offers brotli for atlas/${name} (it asked with "${accepted}")`);
      const headers = await response.allHeaders();
      assert.equal(response.status(), 200, `atlas/${name}`);
      assert.equal(headers["content-encoding"], "br", `atlas/${name} is sent as its .br companion`);
      assert.match(headers["content-type"] || "", type, `atlas/${name} keeps its own MIME type`);
      assert.match(headers["vary"] || "", /accept-encoding/i, `atlas/${name} says that it varies by encoding`);

      const seen = await timing(page, name);
      assert.ok(seen, `the Performance API has an entry for atlas/${name}`);
      assert.equal(seen.encoded, onDisk(`${name}.br`), `the bytes on the wire for atlas/${name} are the .br file's`);
      assert.equal(seen.decoded, onDisk(name), `the browser decoded atlas/${name} to the file itself`);
      assert.ok(seen.encoded < seen.decoded * 0.5, `atlas/${name}: ${seen.encoded} bytes sent for ${seen.decoded}`);
    }
    assertQuietPage(page);
  });

  test("P2. a browser that accepts only gzip gets the .gz companions, and the widget works the same", async (t) => {
    const { page, responses } = await loadWidget(t, { "Accept-Encoding": "gzip" });
    for (const { name } of WIDGET_FILES) {
      const response = responses.get(name);
      assert.ok(response, `the page requested atlas/${name}`);
      assert.equal((await response.allHeaders())["content-encoding"], "gzip", `atlas/${name} is sent as its .gz companion`);
      const seen = await timing(page, name);
      assert.equal(seen.encoded, onDisk(`${name}.gz`), `the bytes on the wire for atlas/${name} are the .gz file's`);
      assert.equal(seen.decoded, onDisk(name));
    }
    assertQuietPage(page);
  });

  test("P3. the cache headers the page receives: versioned widget files and hashed index files immutable, index.bin and the loader revalidated", async (t) => {
    const { page, responses } = await loadWidget(t);
    const cache = async (name) => (await responses.get(name).allHeaders())["cache-control"];
    assert.equal(await cache("commons-atlas.js"), FOREVER, "the glue, asked for with ?v=");
    assert.equal(await cache("commons-atlas_bg.wasm"), FOREVER, "the wasm, asked for with ?v=");
    assert.equal(await cache("atlas.js"), "no-cache", "the loader: a new release must be seen at once");
    assert.equal(await cache("index.bin"), "no-cache", "the entry file: a new release must be seen at once");
    const hashed = [...responses.keys()].filter((n) => /^[a-z]+-[0-9a-f]{16}\.bin$/.test(n));
    assert.ok(hashed.length >= 2, `the page loaded hashed index files (${[...responses.keys()].join(", ")})`);
    for (const name of hashed) {
      assert.equal(await cache(name), FOREVER, `atlas/${name}`);
      const headers = await responses.get(name).allHeaders();
      assert.equal(headers["content-encoding"], undefined, `atlas/${name} has no companion: already compressed inside`);
    }
    assertQuietPage(page);
  });
});
