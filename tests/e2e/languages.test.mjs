// A thesaurus published in five languages (examples/thesauri/microthesauri, built by the demo
// into target/demo/languages/), on partner pages in Russian and in Arabic (www/languages.html):
// the interface has no Russian or Arabic translation and falls back to English, while the
// thesaurus' labels are in the visitor's language, each marked with its language, and Arabic
// runs right to left even inside a left-to-right page (issue 10). Run with `node --test
// tests/e2e/` once the demo is built.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertQuietPage, browser, indexRequests, openPage, resultTitles, settledTotal, shareServerAndBrowser, totalWhere, until, visit, widget } from "./harness.mjs";

// One server and one Chromium for this file's tests.
shareServerAndBrowser();

/**
 * The language and direction the browser gives the first text in widget `w` that holds `text`
 * (its element's, which is what a screen reader and the bidi algorithm use).
 */
function languageOf(w, text) {
  return w.evaluate((host, text) => {
    const walker = document.createTreeWalker(host.shadowRoot, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.includes(text)) {
        const el = node.parentElement;
        return { lang: el.closest("[lang]")?.getAttribute("lang") ?? null, direction: getComputedStyle(el).direction };
      }
    }
    return null;
  }, text);
}

describe("a thesaurus in any language", () => {
  test("L1. a Russian visitor gets the thesaurus in Russian, the interface in English, Arabic right to left", async (t) => {
    const page = await openPage(t);
    await visit(page, "languages.html#ca-a1=d:2010.1");
    const w = widget(page, "#ru");
    await settledTotal(w);
    const title = w.locator(".ca-panel-title");
    await until("the descriptor's panel in Russian", () => title.innerText(), (x) => x.startsWith("Водные ресурсы"));
    assert.equal((await languageOf(w, "Водные ресурсы")).lang, "ru", "the Russian label says it is Russian");
    // The interface falls back to English: its own words are English.
    assert.equal(await w.getByRole("combobox", { name: "Search the commons" }).count(), 1);
    // Families (microthesauri, collections in the thesaurus) are in Russian too.
    await until("a family in Russian", () => w.getByText("Природные ресурсы").count(), (n) => n > 0);
    // The other languages of the descriptor: the Arabic label runs right to left in this
    // left-to-right page, and says it is Arabic.
    const arabic = await languageOf(w, "الموارد المائية");
    assert.deepEqual(arabic, { lang: "ar", direction: "rtl" });
    // Chosen as a filter, its chip and the descriptor chips of its documents say Russian too.
    await w.getByRole("button", { name: "Filter by this descriptor" }).click();
    const chip = w.locator(".ca-chip span[lang]").first();
    await until("the descriptor's chip", () => chip.count(), (n) => n > 0);
    assert.deepEqual([await chip.getAttribute("lang"), await chip.innerText()], ["ru", "2010.1 Водные ресурсы"]);
    const cardChips = await w.locator(".ca-dchip span[lang]").evaluateAll((els) => els.map((e) => e.getAttribute("lang")));
    assert.ok(cardChips.length > 0 && cardChips.every((l) => l === "ru"), `the results' descriptor chips: ${cardChips}`);
    assertQuietPage(page);
  });

  test("L2. an Arabic visitor gets the labels in Arabic, right to left, those without an Arabic label in another language marked as such", async (t) => {
    const page = await openPage(t);
    await visit(page, "languages.html#ca-a2=d:1006.11");
    const w = widget(page, "#ar");
    await settledTotal(w);
    // c:111 has no Arabic label: the fallback (English, the commons' first language) says so.
    const title = w.locator(".ca-panel-title");
    await until("the panel of a concept with no Arabic label", () => title.innerText(), (x) => x.startsWith("University research"));
    assert.deepEqual(await languageOf(w, "University research"), { lang: "en", direction: "ltr" });
    // Its broader concept has an Arabic label, right to left.
    assert.deepEqual(await languageOf(w, "الجامعات"), { lang: "ar", direction: "rtl" });
    assertQuietPage(page);
  });

  test("L3. a word typed in a language the page does not show finds its descriptor, through a label chunk fetched when typed", async (t) => {
    const page = await openPage(t);
    const labelChunks = indexRequests(page, "labels");
    await visit(page, "languages.html");
    const w = widget(page, "#ar");
    await settledTotal(w);
    // The manifest holds the English labels (the commons' default language) and the Arabic page
    // has its language file; Russian labels are in label chunks (and a language file) only.
    assert.deepEqual(labelChunks, [], "the first screen fetches no label chunk");
    const search = w.getByRole("combobox", { name: "Search the commons" });
    await search.fill("водные");
    const option = w.getByRole("listbox").getByRole("option").first();
    await until("the descriptor suggested for the Russian word", () => option.innerText(), (x) => x.includes("Водные ресурсы"));
    // Shown in Arabic, the page's language, with the Russian label it matched, marked Russian.
    assert.ok((await option.innerText()).includes("الموارد المائية"), await option.innerText());
    assert.equal(await option.locator(".ca-option-match").getAttribute("lang"), "ru");
    // The documents indexed with water resources and with groundwater below it, though neither
    // has the word in its text.
    await totalWhere(w, 2);
    assert.deepEqual((await resultTitles(w)).sort(), ["Groundwater under the city", "Teaching about rivers"]);
    assert.ok(labelChunks.length >= 1 && labelChunks.length <= 2, `label chunks fetched for one word: ${labelChunks}`);
    assertQuietPage(page);
  });

  test("L4. switching the interface to French fetches the French labels then, once, and shows the atlas in French", async (t) => {
    const page = await openPage(t);
    const languageFiles = indexRequests(page, "language");
    await visit(page, "languages.html");
    const w = widget(page, "#ar");
    await settledTotal(w);
    // Each of the page's two widgets fetched its page's language: Russian and Arabic.
    await until("the two pages' language files", () => languageFiles.length, (n) => n === 2);
    assert.equal(await w.getByText("Ressources naturelles").count(), 0, "no French before the switch");
    const languageSwitch = w.locator(".ca-langswitch select");
    await languageSwitch.selectOption("fr");
    await until("the families in French", () => w.getByText("Ressources naturelles").count(), (n) => n > 0);
    assert.equal(await w.getByRole("combobox", { name: "Rechercher dans les communs" }).count(), 1, "the interface in French");
    assert.equal(languageFiles.length, 3, `one more language file: ${languageFiles}`);
    // To English (the manifest's) and back to French (loaded): nothing more to fetch.
    await languageSwitch.selectOption("en");
    await until("the families in English", () => w.getByText("Natural resources").count(), (n) => n > 0);
    await languageSwitch.selectOption("fr");
    await until("the families in French again", () => w.getByText("Ressources naturelles").count(), (n) => n > 0);
    assert.equal(languageFiles.length, 3);
    assertQuietPage(page);
  });
});
