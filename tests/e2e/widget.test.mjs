// End-to-end tests of the <commons-atlas> widget in headless Chromium, over the served demo
// (target/demo, built by `cargo xtask demo --no-serve`): the scenarios of the widget issue's
// "Tests in a real browser". Run them with `cargo xtask test` (which builds
// the demo and installs what is missing), or, with the demo built, `node --test tests/e2e/`.
//
// Every test drives a fresh browser context of one shared Chromium, finds things by role and
// accessible name (locators pierce the widget's open shadow root), and waits for conditions
// (a result count, a title), never for time. See harness.mjs.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import {
  assertQuietPage,
  browser,
  deepFocus,
  fragment,
  openPage,
  readTotal,
  resultTitles,
  settledTotal,
  shareServerAndBrowser,
  statusRegion,
  totalWhere,
  until,
  visit,
  widget,
} from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

/** The matrix cell of row family `row` (its number) and column family `col` (its letter). */
function cell(w, row, col) {
  return w.getByRole("gridcell", { name: new RegExp(`^${row} .+ × ${col} `) });
}

/** The count at the end of an accessible name such as "… : 14 ressources" or "1A.21 élus locaux 3". */
function countIn(name) {
  const m = /(\d[\d\u202f\u00a0,.]*)\D*$/.exec(name || "");
  assert.ok(m, `no count in the accessible name ${JSON.stringify(name)}`);
  return Number(m[1].replace(/\D/g, ""));
}

/** The names of the elements of `locator`: their aria-label, else their <label>'s text, else their text. */
function names(locator) {
  return locator.evaluateAll((els) =>
    els.map((e) => e.getAttribute("aria-label") || (e.labels && e.labels.length ? e.labels[0].innerText : e.innerText).trim())
  );
}

/** Waits until the result titles differ from `before`; returns them. */
function titlesChangedFrom(w, before, what = "the results to change") {
  return until(what, () => resultTitles(w), (t) => JSON.stringify(t) !== JSON.stringify(before));
}


// One server and one Chromium for this file's tests and the navigator's (./navigator.mjs, imported at the end).
shareServerAndBrowser();

describe("the <commons-atlas> widget in Chromium", () => {
  test("1. typing a query shows matching results and their total", async (t) => {
    const page = await openPage(t);
    await visit(page, "index.html");
    const w = widget(page);
    const all = await settledTotal(w);
    const before = await resultTitles(w);

    const search = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    await search.fill("budget participatif");
    const titles = await until(
      'a result whose title contains "budget participatif"',
      () => resultTitles(w),
      (ts) => ts.some((x) => /budget participatif/i.test(x))
    );
    assert.notDeepEqual(titles, before);
    const total = await settledTotal(w);
    assert.ok(total > 0 && total < all, `the query narrows the ${all} resources, got ${total}`);
    assert.match(await statusRegion(w).innerText(), /^\d+ résultats?/, "the live region says the total");
    const marks = await w.locator(".ca-list .ca-card-title mark").allInnerTexts();
    assert.ok(
      marks.some((m) => /budget|participatif/i.test(m)),
      `the matched words are highlighted in the titles (marks: ${JSON.stringify(marks)})`
    );
    assertQuietPage(page);
  });

  test("2. selecting a matrix cell changes the results and the counts", async (t) => {
    const page = await openPage(t);
    await visit(page, "index.html");
    const w = widget(page);
    const all = await settledTotal(w);
    const target = cell(w, 1, "B");
    assert.equal(await target.count(), 1, "one cell 1 × B");
    assert.equal(await target.getAttribute("aria-selected"), "false");
    const expected = countIn(await target.getAttribute("aria-label"));
    assert.ok(expected > 0 && expected < all, `cell 1 × B holds part of the ${all} resources (${expected})`);
    const headers = w.getByRole("columnheader");
    const headersBefore = await names(headers);

    await target.click();
    const total = await totalWhere(w, expected, `the total to become the cell's count (${expected})`);
    assert.equal(total, expected);
    await until("the cell to be selected", () => target.getAttribute("aria-selected"), (v) => v === "true");
    const headersAfter = await names(headers);
    assert.notDeepEqual(headersAfter, headersBefore, "the column headers' counts follow the cell filter");
    const chip = w
      .getByRole("group", { name: "Sélection en cours" })
      .getByRole("button", { name: /^retirer .*Société et territoire.*Domaines et politiques/ });
    assert.equal(await chip.count(), 1, "the cell shows as a removable chip");

    await target.click();
    await totalWhere(w, all, `the total to come back to ${all} when the cell is unselected`);
    assert.equal(await target.getAttribute("aria-selected"), "false");
    assertQuietPage(page);
  });

  test("3. the AND/OR switch combines two selected descriptors", async (t) => {
    const page = await openPage(t);
    await visit(page, "index.html");
    const w = widget(page);
    const all = await settledTotal(w);
    const filter = w.getByRole("searchbox", { name: "Filtrer : Composantes du territoire" });
    const or = w.getByRole("radio", { name: "l’un ou l’autre (ou)" });
    const and = w.getByRole("radio", { name: "tous à la fois (et)" });
    assert.equal(await or.count(), 0, "no AND/OR choice before two descriptors are chosen");

    await filter.fill("élus locaux");
    const first = w.getByRole("checkbox", { name: /élus locaux/ });
    const firstCount = countIn(await names(first).then((n) => n[0]));
    await first.check();
    await totalWhere(w, firstCount, `the total to be the count of "élus locaux" (${firstCount})`);

    await filter.fill("démocratie participative");
    const second = w.getByRole("checkbox", { name: /démocratie participative/ });
    const secondCount = countIn(await names(second).then((n) => n[0]));
    await second.check();
    const totalOr = await totalWhere(w, (n) => n !== firstCount, "the total to change when a second descriptor is selected (OR)");
    assert.ok(await or.isChecked(), "OR is the default, shown once two descriptors are chosen");
    assert.ok(totalOr >= Math.max(firstCount, secondCount) && totalOr <= firstCount + secondCount, `OR is a union: ${totalOr}`);

    await and.check();
    const totalAnd = await totalWhere(w, (n) => n !== totalOr, `the total to change from ${totalOr} when AND is chosen`);
    assert.ok(totalOr >= totalAnd, `OR (${totalOr}) ≥ AND (${totalAnd})`);
    assert.ok(totalAnd <= Math.min(firstCount, secondCount), `AND is an intersection: ${totalAnd}`);
    assert.ok(await and.isChecked());
    assert.match(await fragment(page), /m:and/, "the URL says AND");

    await or.check();
    await totalWhere(w, totalOr, `the total to come back to ${totalOr} with OR`);
    assert.ok(all >= totalOr);
    assertQuietPage(page);
  });

  test("4. switching language changes the interface and the thesaurus labels", async (t) => {
    const page = await openPage(t);
    await visit(page, "index.html");
    const w = widget(page);
    const total = await settledTotal(w);
    const fr = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    assert.equal(await fr.getAttribute("placeholder"), "Mots, descripteurs de l’atlas…");
    assert.equal(await w.getByRole("rowheader", { name: /^Société et territoire/ }).count(), 1);
    assert.match(await statusRegion(w).innerText(), /résultats/);

    await w.getByRole("combobox", { name: "Langue" }).selectOption("en");
    const en = w.getByRole("combobox", { name: "Search the commons" });
    await en.waitFor();
    assert.equal(await en.getAttribute("placeholder"), "Words, atlas descriptors…");
    assert.equal(await fr.count(), 0, "no French search label is left");
    await until("an English row header", () => w.getByRole("rowheader", { name: /^Society and territory/ }).count(), (n) => n === 1);
    assert.equal(await w.getByRole("rowheader", { name: /^Société et territoire/ }).count(), 0);
    await until("an English result count", () => statusRegion(w).innerText(), (s) => /^\d+ results?/.test(s));
    await totalWhere(w, total, `the same total (${total}): the interface language does not change the results`);
    assert.equal(await w.locator(".ca").getAttribute("lang"), "en");
    assert.match(await fragment(page), /ui:en/, "the chosen language is in the URL");

    await w.getByRole("combobox", { name: "Language" }).selectOption("es");
    await w.getByRole("combobox", { name: "Buscar en los comunes" }).waitFor();
    await until("a Spanish row header", () => w.getByRole("rowheader", { name: /^Sociedad y territorio/ }).count(), (n) => n === 1);
    assertQuietPage(page);
  });

  test("5. reload restores the state from the URL, and Back/Forward walk through it", async (t) => {
    const page = await openPage(t);
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    const search = w.getByRole("combobox", { name: "Rechercher dans les communs" });

    let titles = await resultTitles(w);
    await search.fill("politique");
    titles = await titlesChangedFrom(w, titles, 'the results of "politique"');
    const queryTotal = await settledTotal(w);
    await search.press("Escape"); // closes the suggestions, which cover the matrix
    await until("the suggestions to close", () => search.getAttribute("aria-expanded"), (v) => v === "false");
    const target = cell(w, 1, "B");
    const cellCount = countIn(await target.getAttribute("aria-label"));
    assert.ok(cellCount > 10 && cellCount < queryTotal, `"politique" in 1 × B gives two pages and narrows (${cellCount} of ${queryTotal})`);
    await target.click();
    await totalWhere(w, cellCount);
    const page1 = await titlesChangedFrom(w, titles, "the results of the cell");
    const pager = w.getByRole("navigation", { name: "Pages de résultats" });
    await pager.getByRole("button", { name: "Page 2" }).click();
    const page2 = await titlesChangedFrom(w, page1, "the second page");
    assert.equal(await pager.getByRole("button", { name: "Page 2" }).getAttribute("aria-current"), "page");
    const hash = await fragment(page);
    assert.match(hash, /(^|&)ca-a1=/, "the widget writes its own part of the fragment");
    assert.match(hash, /q:politique/);
    assert.match(hash, /c:1\*B/);
    assert.match(hash, /p:2/);

    await page.reload();
    await until("the same second page after reload", () => resultTitles(w), (ts) => JSON.stringify(ts) === JSON.stringify(page2));
    assert.equal(await readTotal(w), cellCount);
    assert.equal(await search.inputValue(), "politique");
    assert.equal(await cell(w, 1, "B").getAttribute("aria-selected"), "true");
    assert.equal(await pager.getByRole("button", { name: "Page 2" }).getAttribute("aria-current"), "page");
    assert.equal(await fragment(page), hash);

    await page.evaluate(() => history.back());
    await until("Back to show the first page", () => resultTitles(w), (ts) => JSON.stringify(ts) === JSON.stringify(page1));
    assert.equal(await pager.getByRole("button", { name: "Page 1" }).getAttribute("aria-current"), "page");
    await page.evaluate(() => history.back());
    await totalWhere(w, queryTotal, `Back again to drop the cell (total ${queryTotal})`);
    assert.equal(await cell(w, 1, "B").getAttribute("aria-selected"), "false");
    assert.equal(await search.inputValue(), "politique");
    await page.evaluate(() => history.forward());
    await totalWhere(w, cellCount, "Forward to bring the cell back");
    await until("Forward to show the first page of the cell", () => resultTitles(w), (ts) => JSON.stringify(ts) === JSON.stringify(page1));
    assert.equal(await cell(w, 1, "B").getAttribute("aria-selected"), "true");
    assertQuietPage(page);
  });

  test("6. keyboard only: Tab to the search box, choose a suggestion, Tab to a result", async (t) => {
    const page = await openPage(t);
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    const search = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    const searchId = await search.getAttribute("id");

    let focus = null;
    for (let i = 0; i < 60 && !(focus && focus.id === searchId); i++) {
      await page.keyboard.press("Tab");
      focus = await deepFocus(page);
    }
    assert.equal(focus && focus.id, searchId, `Tab reaches the search box (last focus: ${JSON.stringify(focus)})`);

    const before = await resultTitles(w);
    await page.keyboard.type("logement");
    const listbox = w.getByRole("listbox", { name: "Suggestions : descripteurs et ressources" });
    const options = listbox.getByRole("option");
    await until("suggestions", () => options.count(), (n) => n > 0);
    assert.equal(await search.getAttribute("aria-expanded"), "true");
    assert.ok(await listbox.isVisible(), "the suggestion list is shown");

    await page.keyboard.press("ArrowDown");
    const first = options.first();
    const firstId = await first.getAttribute("id");
    await until("the first suggestion to be active", () => search.getAttribute("aria-activedescendant"), (v) => v === firstId);
    assert.equal(await first.getAttribute("aria-selected"), "true");
    const label = (await first.locator(".ca-option-label").innerText()).trim();
    assert.equal((await deepFocus(page)).id, searchId, "focus stays in the search box");

    await page.keyboard.press("Enter");
    const chip = w.getByRole("group", { name: "Sélection en cours" }).getByRole("button", { name: new RegExp(`^retirer .*${label}`) });
    await chip.waitFor();
    assert.equal(await search.getAttribute("aria-expanded"), "false", "the list closes once a suggestion is chosen");
    await titlesChangedFrom(w, before, "the results of the chosen descriptor");
    assert.ok((await settledTotal(w)) > 0);

    let reached = null;
    for (let i = 0; i < 300; i++) {
      await page.keyboard.press("Tab");
      const f = await deepFocus(page);
      if (f && f.tag === "a" && f.inTitle) {
        reached = f;
        break;
      }
    }
    assert.ok(reached, "Tab reaches a result's link");
    assert.match(reached.href, /^https?:\/\//);
    assertQuietPage(page);
  });

  test("7. hostile host CSS leaves the widgets intact", async (t) => {
    // What the widget looks like on a page that leaves it alone.
    const SELECTORS = [".ca", ".ca-title", ".ca-search-label", ".ca-input", ".ca-cell", ".ca-body", ".ca-card", ".ca-card-title a", ".ca-dchip", ".ca-facet-title"];
    const PROPS = ["font-size", "display", "text-transform", "letter-spacing", "border-top-style", "margin-top", "padding-top", "visibility"];
    const styles = (w) =>
      w.evaluate(
        (host, [selectors, props]) => {
          const out = {};
          for (const sel of selectors) {
            const el = host.shadowRoot.querySelector(sel);
            if (!el) {
              out[sel] = null;
              continue;
            }
            const cs = getComputedStyle(el);
            out[sel] = Object.fromEntries(props.concat(["color", "font-family", "background-color"]).map((p) => [p, cs.getPropertyValue(p)]));
          }
          return out;
        },
        [SELECTORS, PROPS]
      );

    const plain = await openPage(t);
    await visit(plain, "index.html");
    await settledTotal(widget(plain));
    const reference = await styles(widget(plain));

    const page = await openPage(t);
    await visit(page, "twice.html");
    const themes = {
      "#light": { color: "rgb(42, 33, 24)", font: /^Georgia/, background: "rgb(255, 253, 246)" },
      "#dark": { color: "rgb(230, 237, 243)", font: /^Verdana/, background: "rgb(18, 24, 33)" },
    };
    const problems = [];
    for (const [id, theme] of Object.entries(themes)) {
      const w = widget(page, id);
      await settledTotal(w);
      const got = await styles(w);
      for (const sel of SELECTORS) {
        if (!got[sel] || !reference[sel]) {
          problems.push(`${id} ${sel}: missing (${got[sel] ? "" : "on twice.html"} ${reference[sel] ? "" : "on index.html"})`);
          continue;
        }
        for (const p of PROPS) {
          if (got[sel][p] !== reference[sel][p]) problems.push(`${id} ${sel} ${p}: ${got[sel][p]} (on index.html: ${reference[sel][p]})`);
        }
        if (/comic/i.test(got[sel]["font-family"])) problems.push(`${id} ${sel}: the host's Comic Sans reached it`);
        if (got[sel].color === "rgb(255, 0, 0)") problems.push(`${id} ${sel}: the host's red text reached it`);
        if (got[sel]["background-color"] === "rgb(255, 255, 0)") problems.push(`${id} ${sel}: the host's yellow background reached it`);
      }
      if (got[".ca"].color !== theme.color) problems.push(`${id} .ca color: ${got[".ca"].color}, the theme says ${theme.color}`);
      if (!theme.font.test(got[".ca"]["font-family"])) problems.push(`${id} .ca font-family: ${got[".ca"]["font-family"]}, the theme says ${theme.font}`);
      if (got[".ca"]["background-color"] !== theme.background) problems.push(`${id} .ca background: ${got[".ca"]["background-color"]}, the theme says ${theme.background}`);
    }

    // Highlights are the widget's, not the host's black-on-black <mark>.
    const light = widget(page, "#light");
    const dark = widget(page, "#dark");
    const darkTotal = await readTotal(dark);
    const before = await resultTitles(light);
    await light.getByRole("combobox", { name: "Search the commons" }).fill("housing");
    await titlesChangedFrom(light, before, 'the results of "housing" in #light');
    const mark = light.locator(".ca-list mark").first();
    await mark.waitFor();
    const markStyle = await mark.evaluate((m) => ({ bg: getComputedStyle(m).backgroundColor, color: getComputedStyle(m).color }));
    if (markStyle.bg === "rgb(0, 0, 0)" || markStyle.bg === markStyle.color) problems.push(`#light mark: ${JSON.stringify(markStyle)}`);

    // A query in one widget leaves the other alone.
    if ((await readTotal(dark)) !== darkTotal) problems.push("#dark's total changed with #light's query");
    if ((await dark.getByRole("combobox", { name: "Buscar en los comunes" }).inputValue()) !== "") problems.push("#dark's search box changed");

    assert.deepEqual(problems, [], "the host page's CSS changed the widgets");
    assertQuietPage(page);
  });

  test("8. two widgets on one page work independently", async (t) => {
    const page = await openPage(t);
    await visit(page, "twice.html");
    const light = widget(page, "#light");
    const dark = widget(page, "#dark");
    const lightAll = await settledTotal(light);
    const darkAll = await settledTotal(dark);
    const lightSearch = light.getByRole("combobox", { name: "Search the commons" });
    const darkSearch = dark.getByRole("combobox", { name: "Buscar en los comunes" });

    const before = await resultTitles(light);
    await lightSearch.fill("housing");
    await titlesChangedFrom(light, before, 'the results of "housing" in #light');
    const lightTotal = await settledTotal(light);
    assert.ok(lightTotal < lightAll);
    assert.equal(await readTotal(dark), darkAll, "#dark keeps its total");
    assert.equal(await darkSearch.inputValue(), "");

    const target = cell(dark, 2, "A");
    const cellCount = countIn(await target.getAttribute("aria-label"));
    await target.click();
    await totalWhere(dark, cellCount, `#dark's total to become its cell's count (${cellCount})`);
    assert.equal(await readTotal(light), lightTotal, "#light keeps its total");
    assert.equal(await light.locator('[role="gridcell"][aria-selected="true"]').count(), 0, "#light has no cell selected");
    assert.equal(await lightSearch.inputValue(), "housing");

    await dark.getByRole("combobox", { name: "Idioma" }).selectOption("pt");
    await dark.getByRole("combobox", { name: "Pesquisar nos comuns" }).waitFor();
    assert.equal(await lightSearch.count(), 1, "#light stays in English");

    const hash = await fragment(page);
    const parts = hash.split("&").filter((p) => p.startsWith("ca-"));
    assert.equal(parts.length, 2, `one part of the fragment per widget: ${hash}`);
    assert.notEqual(parts[0].split("=")[0], parts[1].split("=")[0]);

    await page.reload();
    await totalWhere(light, lightTotal, "#light's total after reload");
    await totalWhere(dark, cellCount, "#dark's total after reload");
    assert.equal(await lightSearch.inputValue(), "housing");
    assert.equal(await dark.getByRole("combobox", { name: "Pesquisar nos comuns" }).inputValue(), "");
    assert.equal(await cell(dark, 2, "A").getAttribute("aria-selected"), "true");
    assert.equal(await light.locator('[role="gridcell"][aria-selected="true"]').count(), 0);
    assertQuietPage(page);
  });

  test("9. a title containing <img src=x onerror=alert(1)> shows as text and runs nothing", async (t) => {
    const page = await openPage(t);
    const requested = [];
    page.on("request", (r) => requested.push(r.url()));
    await visit(page, "index.html");
    const w = widget(page);
    const all = await settledTotal(w);
    // The resource is on another member's site: the widget starts on the whole commons.
    assert.ok(await w.getByRole("radio", { name: "tous les communs" }).isChecked(), "the whole commons by default");
    assert.equal(all, 421, "the sample commons' 421 resources");
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("contenus");
    const HOSTILE = "<img src=x onerror=alert(1)>";
    const titles = await until(`a result titled with ${HOSTILE}`, () => resultTitles(w), (ts) => ts.some((x) => x.includes(HOSTILE)));
    const index = titles.findIndex((x) => x.includes(HOSTILE));
    const title = w.locator(".ca-list .ca-card-title").nth(index);
    assert.ok((await title.textContent()).includes(HOSTILE), "the title's text holds the markup literally");
    assert.equal(await title.locator("img").count(), 0, "no <img> inside the title");
    assert.equal(await w.locator("img").count(), 0, "no <img> anywhere in the widget");
    assert.equal(await page.locator("img").count(), 0, "no <img> in the page");
    assert.deepEqual(
      requested.filter((u) => /\/x$/.test(u)),
      [],
      "nothing tried to load the image x (which would fire onerror)"
    );
    assertQuietPage(page); // a dialog listener is installed by openPage: no alert fired
  });

  test("10. a missing and a corrupt index each say so, and the host page keeps working", async (t) => {
    const page = await openPage(t);
    await visit(page, "broken.html");
    assert.equal(await page.evaluate(() => document.body.dataset.hostScript), "ran", "the host page's script ran");
    assert.match(await page.locator("#after").innerText(), /The page's own script ran\./);

    const expectations = [
      ["#missing", /^The atlas index cannot be found\./],
      ["#corrupt", /^L’index de l’atlas est endommagé/],
      ["#future", /^El índice del atlas está en otra versión/],
    ];
    for (const [id, message] of expectations) {
      const w = widget(page, id);
      const alert = w.getByRole("alert");
      await until(`${id}'s alert`, () => alert.innerText(), (text) => message.test(text.trim()));
      assert.equal(await alert.count(), 1, `${id} shows one alert`);
      assert.equal(await w.getByRole("search").count(), 0, `${id} offers no search over an unusable index`);
    }
    // The page is still alive and scriptable after the widgets failed.
    assert.equal(await page.evaluate(() => document.body.dataset.hostScript), "ran");
    assert.equal(await page.evaluate(() => (document.title = "still alive")), "still alive");
    assertQuietPage(page);
  });

  test("11. axe-core finds no accessibility violation, and two widgets on a page have distinct landmarks", async (t) => {
    // The widget alone (`commons-atlas`), or a whole page (`document`) where two widgets meet.
    const scan = async (page, label, scope = "commons-atlas") => {
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(async (scope) => {
        const context = scope === "document" ? document : document.querySelector(scope);
        const r = await window.axe.run(context, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
        }));
      }, scope);
      return result.map((v) => ({ state: label, ...v }));
    };
    const found = [];

    const page = await openPage(t);
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    found.push(...(await scan(page, "index.html, as loaded")));

    const before = await resultTitles(w);
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("logement");
    await titlesChangedFrom(w, before, 'the results of "logement"');
    await w.getByRole("listbox", { name: "Suggestions : descripteurs et ressources" }).getByRole("option").first().waitFor();
    found.push(...(await scan(page, "index.html, a query and its suggestions")));
    // The suggestion list covers the matrix: a visitor closes it (Escape) before choosing a cell.
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).press("Escape");
    await cell(w, 1, "B").click();
    await w.getByRole("group", { name: "Sélection en cours" }).waitFor();
    await settledTotal(w);
    found.push(...(await scan(page, "index.html, a query and a cell")));

    // The navigator's panels and sheets.
    await w.getByRole("button", { name: "Ouvrir le descripteur Société et territoire", exact: true }).first().click();
    await w.locator(".ca-desmogram").waitFor();
    await w.getByRole("button", { name: /^Panier/ }).click();
    await settledTotal(w);
    found.push(...(await scan(page, "index.html, a descriptor's panel and the cart")));

    const darkPage = await openPage(t, { colorScheme: "dark" });
    await visit(darkPage, "index.html");
    await settledTotal(widget(darkPage));
    found.push(...(await scan(darkPage, "index.html, dark colour scheme")));

    // Two widgets with their own `label`: their regions and search landmarks are named apart.
    const twice = await openPage(t);
    await visit(twice, "twice.html");
    await settledTotal(widget(twice, "#light"));
    await settledTotal(widget(twice, "#dark"));
    assert.equal(await widget(twice, "#dark").getByRole("search", { name: "Atlas de los comunes (oscuro)" }).count(), 1, "the label names the search landmark");
    found.push(...(await scan(twice, "twice.html, the whole page", "document")));

    if (found.length) {
      console.log(`axe-core violations (${found.length}):`);
      for (const v of found) {
        console.log(`- [${v.impact}] ${v.id}: ${v.help} (${v.state})`);
        for (const n of v.nodes.slice(0, 6)) console.log(`    ${JSON.stringify(n.target)}: ${n.summary.replace(/\n\s*/g, " / ")}`);
        if (v.nodes.length > 6) console.log(`    … and ${v.nodes.length - 6} more`);
      }
    }
    assert.deepEqual(
      found.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} node(s), ${v.state})`),
      [],
      "axe-core violations, of any impact"
    );
  });

  test("12. at phone width the widget fits and its facets are reachable", async (t) => {
    const page = await openPage(t, { viewport: { width: 360, height: 740 } });
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    const overflow = () =>
      w.evaluate((host) => {
        const box = host.getBoundingClientRect();
        const ca = host.shadowRoot.querySelector(".ca");
        // Elements sticking out of the widget's box that no scroll container of the widget clips.
        const out = [];
        for (const el of host.shadowRoot.querySelectorAll(".ca *")) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.right <= box.right + 1) continue;
          let clipped = false;
          for (let a = el.parentElement; a && a !== ca; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== "visible") clipped = true;
          }
          if (!clipped) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
        }
        return {
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          hostLeft: box.left,
          hostRight: box.right,
          ca: ca ? [ca.scrollWidth, ca.clientWidth] : null,
          sticking: out.slice(0, 10),
        };
      });
    const check = (o, when) => {
      assert.ok(o.page <= o.viewport, `${when}: the page scrolls sideways (${o.page} > ${o.viewport})`);
      assert.ok(o.hostLeft >= 0 && o.hostRight <= o.viewport, `${when}: the widget leaves the screen (${o.hostLeft}–${o.hostRight})`);
      assert.ok(o.ca[0] <= o.ca[1], `${when}: the widget's content is wider than the widget (${o.ca[0]} > ${o.ca[1]})`);
      assert.deepEqual(o.sticking, [], `${when}: elements stick out of the widget`);
    };
    check(await overflow(), "at 360 px");

    const toggle = w.getByRole("button", { name: "Filtres" });
    assert.ok(await toggle.isVisible(), 'a "Filtres" button is shown');
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    const facetFilter = w.getByRole("searchbox", { name: "Filtrer : Composantes du territoire" });
    assert.ok(!(await facetFilter.isVisible()), "the facets are folded away");
    await toggle.click();
    const hide = w.getByRole("button", { name: "Masquer les filtres" });
    await until("the filters to open", () => hide.getAttribute("aria-expanded"), (v) => v === "true");
    await facetFilter.waitFor({ state: "visible" });
    const family = w.getByRole("checkbox", { name: /Société et territoire/ });
    const count = countIn(await names(family).then((n) => n[0]));
    await family.check();
    await totalWhere(w, count, `the total to become the family's count (${count})`);
    check(await overflow(), "with the filters open");
    assertQuietPage(page);
  });
});

// The atlas navigator's own features (issue 5), in the same run and the same browser.
await import("./navigator.mjs");
// The widget on real pages (issue 14): strict policy, large atlases, phones.
await import("./pages.mjs");
// The widget under faults (issue 12): a new release, full storage, a failed chunk, wrong attributes.
await import("./faults.mjs");
