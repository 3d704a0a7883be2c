// The first visit (issue 13): the loader draws the widget's frame and a search field that takes
// typing before the wasm has arrived; what the visitor types there is kept, carried into the
// widget's own field with the focus and the caret, and answered. Run with `node --test
// tests/e2e/` once the demo is built.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertQuietPage, deepFocus, indexRequests, openPage, openWidget, settledTotal, shareServerAndBrowser, until, visit, widget } from "./harness.mjs";

// One server and one Chromium for this file's tests.
shareServerAndBrowser();

/** Where `locator`'s element is on the page (not in the viewport, which scrolls). */
function placeOf(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  });
}

/** Holds every request for the widget's wasm until `release()` is called: a slow network. */
async function holdWasm(page) {
  let release;
  const held = new Promise((r) => (release = r));
  let requested = false;
  await page.route(/commons-atlas_bg\.wasm/, async (route) => {
    requested = true;
    await held;
    await route.continue();
  });
  return { release: () => release(), requested: () => requested };
}

describe("the first visit", () => {
  test("F1. typing before the widget is ready is kept and answered, and the field does not move", async (t) => {
    // What the same query gives once the widget is ready, for comparison.
    const { w: ready } = await openWidget(t, "index.html", { locale: "fr-FR" });
    const field0 = ready.getByRole("combobox", { name: "Rechercher dans les communs" });
    await field0.fill("habitat participatif");
    const expected = await until("the ready widget's answer", () => settledTotal(ready), (n) => n > 0);

    const page = await openPage(t, { locale: "fr-FR" });
    const wasm = await holdWasm(page);
    await visit(page, "index.html");
    const w = widget(page);
    const field = w.locator("input.ca-input");
    await until("the loader's search field", () => field.count(), (n) => n === 1);
    assert.equal(await w.locator("section.ca").getAttribute("data-state"), "starting", "the wasm is held: this is the loader's frame");
    await until("the wasm to be requested (and held)", () => wasm.requested());
    // The frame wears the widget's stylesheet: the field has its border and padding, the heading
    // its size, not the browser's defaults.
    const look = await field.evaluate((el) => {
      const s = getComputedStyle(el);
      return { radius: s.borderTopLeftRadius, padding: s.paddingLeft, label: el.closest(".ca").querySelector(".ca-search-label") !== null };
    });
    assert.notEqual(look.radius, "0px", `styled field: ${JSON.stringify(look)}`);
    assert.equal(await field.getAttribute("placeholder"), "Mots, descripteurs de l\u2019atlas\u2026", "the widget's own words");
    const before = await placeOf(field);
    await w.evaluate((host) => (window.__frameSheet = host.shadowRoot.adoptedStyleSheets[0]));

    // The visitor types at once.
    await field.click();
    await page.keyboard.type("habitat partici");
    assert.equal(await field.inputValue(), "habitat partici");
    wasm.release();
    await until("the widget to take over", () => w.locator("section.ca").getAttribute("data-state"), (s) => s === "ready");

    // The widget's own field has the text, the focus and the caret at the end: typing goes on.
    const widgetField = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    assert.equal(await widgetField.inputValue(), "habitat partici");
    const focus = await deepFocus(page);
    assert.ok(focus && focus.classes.includes("ca-input"), `the focus is in the widget's field: ${JSON.stringify(focus)}`);
    await page.keyboard.type("patif");
    assert.equal(await widgetField.inputValue(), "habitat participatif");
    // And it is answered as if typed into a ready widget.
    const total = await until("the answer to what was typed", () => settledTotal(w), (n) => n === expected);
    assert.equal(total, expected);
    const titles = await w.locator(".ca-list .ca-card-title").allInnerTexts();
    assert.ok(titles.length > 0, "results are shown");

    // The widget adopted the frame's stylesheet: parsed once per page.
    assert.ok(await w.evaluate((host) => host.shadowRoot.adoptedStyleSheets.includes(window.__frameSheet)), "the frame's sheet is the widget's");

    // Nothing moved when the widget replaced the frame.
    const after = await placeOf(widgetField);
    for (const k of ["x", "y", "width", "height"]) {
      assert.ok(Math.abs(after[k] - before[k]) <= 1, `the field's ${k}: ${before[k]} in the frame, ${after[k]} in the widget`);
    }
    assertQuietPage(page);
  });
});

describe("notes, loaded when a panel needs them", () => {
  test("F2. a descriptor's scope note is not part of the first visit, and shows once its panel opens", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    const notes = indexRequests(page, "notes");
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    assert.deepEqual(notes, [], "the first screen fetches no notes");
    // The visitor opens "habitat et logement" (1B.1), here from a shared link; the demo page is
    // French.
    await visit(page, "index.html#ca-a1=d:1B.1");
    const note = w.locator(".ca-panel .ca-note").first();
    await until("the descriptor's scope note", () => note.innerText(), (x) => x.startsWith("Accès à un logement digne et abordable"));
    assert.equal(notes.length, 1, `one notes chunk fetched: ${notes}`);
    assertQuietPage(page);
  });
});

describe("Bloom filters, after the first answer", () => {
  test("F3. the first answer does not wait for the Bloom filters; they come once, a moment after it", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    const blooms = [];
    page.on("request", (r) => {
      if (/\/blooms-[0-9a-f]{16}\.bin$/.test(r.url())) blooms.push(performance.now());
    });
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    const answered = performance.now();
    assert.deepEqual(blooms, [], "the first answer is shown before the Bloom filters are asked for");
    await until("the Bloom filters", () => blooms.length, (n) => n === 1);
    assert.ok(blooms[0] > answered, "asked for after the first answer");
    // A search after that uses them, and they are not fetched again.
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("habitat");
    await settledTotal(w);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(blooms.length, 1, "fetched once");
    assertQuietPage(page);
  });
});

