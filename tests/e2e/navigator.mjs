// The atlas navigator's own features in headless Chromium (issue 5): the descriptor panel and
// its desmogram, the resource panel, the cart (kept across a reload, exported as CSV), the path
// and its print view, help, and a local map. Imported by widget.test.mjs, so that it runs in
// the same process, on the same server and the same Chromium.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { assertQuietPage, deepFocus, fragment, openWidget, readTotal, resultTitles, settledTotal, until, visit, widget } from "./harness.mjs";

/** The panel's heading text (without the notation badge's line break). */
function panelTitle(w) {
  return w.locator(".ca-panel-title").innerText().then((t) => t.replace(/\s+/g, " ").trim());
}

/** Number of rows and columns of the atlas matrix. */
async function matrixShape(w) {
  const grid = w.getByRole("grid");
  return [await grid.getByRole("rowheader").count(), (await grid.getByRole("columnheader").count()) - 1];
}

describe("the atlas navigator's features in Chromium", () => {
  test("13. a descriptor's panel: labels, neighbours, documents; the desmogram moves by keyboard; Back returns", async (t) => {
    const { page, w, total: all } = await openWidget(t, "index.html", { locale: "fr-FR" });

    await w.getByRole("button", { name: "Ouvrir le descripteur Société et territoire", exact: true }).first().click();
    await until("the panel of the family", () => panelTitle(w), (x) => x.startsWith("Société et territoire"));
    const panel = w.locator(".ca-descriptor-panel");
    // The other languages' labels come with the panel's notes chunk (the manifest holds the
    // commons' default language only: docs/FORMAT.md).
    await until("the other languages' labels", () => panel.innerText(), (x) => /Society and territory/.test(x));
    const narrower = panel.locator(".ca-narrower").getByRole("button");
    assert.ok((await narrower.count()) > 3, "its narrower descriptors are listed");
    assert.match(await fragment(page), /d:1(;|$)/, "the open descriptor is in the URL");
    const documents = await until("the documents of the family", () => readTotal(w), (n) => n !== null && n < all);
    assert.match(await panel.locator(".ca-documents-title").innerText(), new RegExp(`\\(${documents}\\)`));

    // Tab from the panel's heading (focused on arrival) to the desmogram's node "habitat et logement".
    assert.equal((await deepFocus(page)).classes.includes("ca-panel-title"), true, "arriving focuses the descriptor's name");
    let node = null;
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const f = await deepFocus(page);
      if (f && f.role === "button" && f.tag === "g" && f.text.startsWith("habitat et logement")) {
        node = f;
        break;
      }
    }
    assert.ok(node, "Tab reaches the desmogram's node of a narrower descriptor");
    await page.keyboard.press("Enter");
    await until("the neighbour's panel", () => panelTitle(w), (x) => x.startsWith("habitat et logement"));
    assert.match(await fragment(page), /d:1B\.1/);
    assert.ok((await w.locator("td[data-open]").count()) > 0, "the matrix outlines the descriptor's cells");
    const nodes = w.locator(".ca-desmogram g[role=button]");
    assert.ok((await nodes.count()) > 0, "the desmogram shows the neighbours");
    assert.match(await nodes.first().getAttribute("aria-label"), /\(\d+\)/, "a node's name says how many resources it has");

    await w.getByRole("button", { name: "← Retour à Société et territoire" }).click();
    await until("the family's panel again", () => panelTitle(w), (x) => x.startsWith("Société et territoire"));
    // Visited descriptors are marked in the lists and the facets.
    assert.ok((await w.locator(".ca-descriptor-panel .ca-neighbour.ca-visited").count()) > 0, "the visited neighbour is marked");
    await w.getByRole("button", { name: /Fermer/ }).first().click();
    await until("the whole commons again", () => readTotal(w), (n) => n === all);
    assertQuietPage(page);
  });

  test("14. a resource's panel: its descriptors by dimension, its cells, resources indexed like it", async (t) => {
    const { page, w } = await openWidget(t, "index.html", { locale: "fr-FR" });
    const [title] = await resultTitles(w);
    const href = await w.locator(".ca-list .ca-card-title a").first().getAttribute("href");
    await w.locator(".ca-card").first().getByRole("button", { name: /^Détails/ }).click();
    await until("the resource's panel", () => panelTitle(w), (x) => x === title.replace(/\s+/g, " ").trim());
    const panel = w.locator(".ca-resource-panel");
    assert.equal(await panel.getByRole("link", { name: /^Lire sur/ }).getAttribute("href"), href);
    const headings = await panel.locator("h4").allInnerTexts();
    assert.ok(headings.includes("Composantes du territoire") || headings.includes("Angles d'approche de la gouvernance"), `descriptors grouped by dimension: ${headings}`);
    assert.ok(headings.includes("Place dans l’atlas"), "its matrix cells are listed");
    const descriptors = await panel.locator(".ca-neighbour-lists .ca-neighbour").allInnerTexts();
    assert.ok(descriptors.length > 0, "the panel lists descriptors");
    assert.equal(new Set(descriptors).size, descriptors.length, `each descriptor is listed once, under its own dimension: ${descriptors}`);
    assert.ok(headings.includes("Indexées de la même façon"), "resources indexed like it are listed");
    assert.match(await fragment(page), /r:\d+/);
    assertQuietPage(page);
  });

  test("15. two resources set aside stay in the cart after a reload, and export as CSV", async (t) => {
    const { page, w } = await openWidget(t, "index.html", { locale: "fr-FR" });
    const titles = (await resultTitles(w)).slice(0, 2);
    for (const i of [0, 1]) {
      const button = w.locator(".ca-card").nth(i).getByRole("button", { name: "Mettre de côté" });
      await button.click();
      await until("the button to be pressed", () => button.getAttribute("aria-pressed"), (v) => v === "true");
    }
    await w.getByRole("button", { name: "Panier (2)" }).waitFor();

    await page.reload();
    await settledTotal(w);
    await w.getByRole("button", { name: "Panier (2)" }).click();
    const sheet = w.getByRole("region", { name: "Panier (2)" });
    const kept = (await sheet.locator(".ca-cart-item .ca-neighbour").allInnerTexts()).map((x) => x.trim());
    assert.deepEqual(kept, titles.map((x) => x.trim()));

    const [download] = await Promise.all([page.waitForEvent("download"), sheet.getByRole("button", { name: "Exporter en CSV" }).click()]);
    assert.equal(download.suggestedFilename(), "commons-atlas-cart.csv");
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0], "title,url,site,type,date,authors,language,status");
    assert.equal(lines.length, 3, `a header and two rows:\n${csv}`);
    for (const title of titles) assert.ok(csv.includes(title.trim().replaceAll('"', '""')), `the CSV has ${title}`);

    await sheet.getByRole("button", { name: "Vider" }).click();
    await w.getByRole("button", { name: "Panier (0)" }).waitFor();
    assertQuietPage(page);
  });

  test("16. the cart survives a newer index: entries are found again, or say they are gone", async (t) => {
    const { page, w } = await openWidget(t, "index.html", { locale: "fr-FR" });
    const [title] = await resultTitles(w);
    await w.locator(".ca-card").first().getByRole("button", { name: "Mettre de côté" }).click();
    await w.getByRole("button", { name: "Panier (1)" }).waitFor();
    // What a cart made with an earlier release looks like: other resource numbers, and one
    // resource that the current index does not have any more.
    await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith("commons-atlas:cart:"));
      const [kept] = JSON.parse(localStorage.getItem(key));
      const old = { ...kept, index: "manifest-0000000000000000.bin", resource: kept.resource + 7 };
      const gone = { ...kept, index: old.index, id: "withdrawn-record", title: `${kept.title} (withdrawn)`, resource: 3 };
      localStorage.setItem(key, JSON.stringify([old, gone]));
    });
    await page.reload();
    await settledTotal(w);
    await w.getByRole("button", { name: "Panier (2)" }).click();
    const sheet = w.getByRole("region", { name: "Panier (2)" });
    const missing = sheet.locator(".ca-cart-item.ca-missing");
    await until("the withdrawn entry to be marked", () => missing.count(), (n) => n === 1);
    assert.match(await missing.innerText(), /withdrawn/);
    assert.match(await missing.innerText(), /n’est plus dans les communs/);
    const found = sheet.locator(".ca-cart-item:not(.ca-missing) .ca-neighbour");
    assert.equal((await found.innerText()).trim(), title.trim());
    await found.click();
    await until("the found entry's panel", () => panelTitle(w), (x) => x === title.replace(/\s+/g, " ").trim());
    assertQuietPage(page);
  });

  test("17. the path lists the visited descriptors and its print view renders", async (t) => {
    const { page, w } = await openWidget(t, "index.html", { locale: "fr-FR" });
    await w.getByRole("button", { name: "Ouvrir le descripteur Société et territoire", exact: true }).first().click();
    await w.locator(".ca-narrower").getByRole("button", { name: /^habitat et logement/ }).click();
    await until("the neighbour's panel", () => panelTitle(w), (x) => x.startsWith("habitat et logement"));
    await w.getByRole("button", { name: "Parcours" }).click();
    const sheet = w.getByRole("region", { name: "Parcours" });
    const path = (await sheet.locator(".ca-path li").allInnerTexts()).map((x) => x.trim());
    assert.deepEqual(path.slice(-2), ["Société et territoire", "habitat et logement"]);

    const [view] = await Promise.all([page.context().waitForEvent("page"), sheet.getByRole("button", { name: "Imprimer le parcours" }).click()]);
    await view.waitForLoadState();
    assert.equal(await view.locator("h1").innerText(), "Parcours");
    const printed = (await view.locator("li").allInnerTexts()).map((x) => x.trim());
    assert.deepEqual(printed.slice(-2), ["Société et territoire", "habitat et logement"]);
    const media = await view.evaluate(() =>
      [...document.styleSheets, ...document.adoptedStyleSheets].some((s) => [...s.cssRules].some((r) => r.media && r.media.mediaText === "print"))
    );
    assert.ok(media, "the print view has a print stylesheet");
    assertQuietPage(page);
  });

  test("18. help shows the matrix legend from the index, what its shades and marks mean, and the navigation guide", async (t) => {
    const { page, w } = await openWidget(t, "index.html", { locale: "fr-FR" });
    await w.getByRole("button", { name: "Aide" }).click();
    const sheet = w.getByRole("region", { name: "Légende de l’atlas" });
    const [rows, cols] = await matrixShape(w);
    assert.equal(await sheet.locator(".ca-legend li").count(), rows + cols, "every component and angle is in the legend");
    assert.equal(await sheet.locator(".ca-guide li").count(), 5);
    // What the heat shades and the marks mean, drawn with the matrix's own shades.
    await sheet.getByRole("heading", { name: "Lire la matrice" }).waitFor();
    assert.match(await sheet.innerText(), /plus la case est foncée, plus elle en a/);
    assert.match(await sheet.innerText(), /Un point après le nombre : la case contient un descripteur que vous avez ouvert/);
    const shades = await sheet.locator(".ca-shades li").evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    const cells = await w.locator(".ca-grid .ca-cell").evaluateAll((els) => [...new Set(els.map((e) => getComputedStyle(e).backgroundColor))]);
    assert.equal(new Set(shades).size, 6, `six distinct shades: ${shades}`);
    for (const c of cells) assert.ok(shades.includes(c), `the matrix's shade ${c} is explained in help (${shades})`);
    assertQuietPage(page);
  });

  test("19. a local map restricts the matrix and the facets, and the switch restores the whole atlas", async (t) => {
    const { page, w: full } = await openWidget(t, "index.html", { locale: "fr-FR" });
    const [rows, cols] = await matrixShape(full);
    const facetFamilies = await full.locator(".ca-facet").first().locator(":scope > ul > li").count();

    await visit(page, "map.html");
    const w = widget(page);
    const inMap = await settledTotal(w);
    const [mapRows, mapCols] = await matrixShape(w);
    assert.ok(mapRows < rows && mapCols < cols, `the map shows ${mapRows}×${mapCols} of the ${rows}×${cols} matrix`);
    assert.ok((await w.locator(".ca-facet").first().locator(":scope > ul > li").count()) < facetFamilies, "the facets are restricted too");
    await w.getByRole("radio", { name: "tout l’atlas" }).check();
    const whole = await until("the whole atlas's total", () => readTotal(w), (n) => n !== null && n > inMap);
    assert.ok(whole > inMap);
    assert.deepEqual(await matrixShape(w), [rows, cols], "the whole matrix is back");
    assertQuietPage(page);
  });

  test("20. at phone width the desmogram's labels are readable and inside the widget", async (t) => {
    const { page, w } = await openWidget(t, "index.html", { locale: "fr-FR", viewport: { width: 360, height: 740 } });
    await w.getByRole("button", { name: "Filtres" }).click();
    await w.getByRole("button", { name: "Ouvrir le descripteur Société et territoire", exact: true }).first().click();
    await until("the panel of the family", () => panelTitle(w), (x) => x.startsWith("Société et territoire"));
    await page.waitForTimeout(500); // the nodes' transition (an animation, not a condition)
    // A label's size on screen: its font size in the map's units times the map's scale.
    const labels = await w.evaluate((host) => {
      const box = host.getBoundingClientRect();
      const svg = [...host.shadowRoot.querySelectorAll(".ca-desmogram svg")].find((s) => getComputedStyle(s).display !== "none");
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll("text")]
        .filter((t) => getComputedStyle(t).display !== "none")
        .map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, left: r.left, right: r.right, box: [box.left, box.right] };
        });
    });
    assert.ok(labels.length > 4, `the map shows its neighbours' labels (${labels.length})`);
    for (const l of labels) {
      assert.ok(l.px >= 10, `"${l.text}" is drawn at ${l.px.toFixed(1)} px, too small to read`);
      assert.ok(l.left >= l.box[0] - 1 && l.right <= l.box[1] + 1, `"${l.text}" (${Math.round(l.left)}–${Math.round(l.right)}) leaves the widget (${l.box.map(Math.round).join("–")})`);
    }
    assertQuietPage(page);
  });
});
