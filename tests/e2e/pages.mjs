// The widget on real pages (issue 14): a strict host Content Security Policy, large atlases, phones.
// Imported by widget.test.mjs, so that it runs in the same process and the same Chromium; the
// pages that need response headers or an index of their own get a small server of their own
// (`staticServer`), since the demo server sends neither.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { join } from "node:path";
import { assertQuietPage, deepFocus, DEMO, demoUrl, openPage, settledTotal, staticServer, STRICT_POLICY, totalWhere, until, widget } from "./harness.mjs";
import { AR_GROUP, buildLargeAtlas, COLUMNS, columnLabel, LONG_START, ROWS, rowLabel, RU_GROUP, writeLargePage } from "./large-atlas.mjs";


/**
 * Records the page's Content Security Policy violations (`page.violations`): the
 * `securitypolicyviolation` events, seen in capture on the document and on every shadow root
 * (they are fired where the refused style or script is), and the console's lines about the policy,
 * of this page and of any window it opens.
 */
async function recordViolations(page) {
  page.violations = [];
  await page.exposeFunction("__caViolation", (v) => page.violations.push(v));
  await page.addInitScript(() => {
    const report = (e) => window.__caViolation(`${e.violatedDirective}: ${e.blockedURI || "inline"} (${e.sample || ""})`);
    document.addEventListener("securitypolicyviolation", report, true);
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      root.addEventListener("securitypolicyviolation", report, true);
      return root;
    };
  });
  page.context().on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) page.violations.push(`console: ${m.text()}`);
  });
}

/** The computed styles of a few parts of the widget that its stylesheet alone sets. */
function widgetStyles(w) {
  return w.evaluate((host) => {
    const root = host.shadowRoot;
    const pick = (sel, props) => {
      const el = root.querySelector(sel);
      if (!el) return null;
      const cs = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    };
    return {
      ".ca": pick(".ca", ["font-family", "padding-top", "background-color", "border-top-left-radius"]),
      ".ca-search input": pick(".ca-search input, input[role=combobox]", ["border-top-style", "border-top-left-radius", "padding-left"]),
      ".ca-grid": pick(".ca-grid", ["border-collapse"]),
      ".ca-listbox": pick(".ca-listbox", ["display"]),
      ".ca-swatch": pick(".ca-swatch", ["background-color", "width", "display"]),
    };
  });
}

describe("the widget on real pages", () => {
  test("21. under a strict Content Security Policy the widget is styled, its suggestions closed, and nothing is refused", async (t) => {
    const strict = await staticServer({ "/": DEMO }, { headers: () => ({ "Content-Security-Policy": STRICT_POLICY }) });
    t.after(strict.close);
    const open = await staticServer({ "/": DEMO });
    t.after(open.close);

    // The same page without the policy: what "styled" looks like.
    const plain = await openPage(t);
    await plain.goto(`${open.url}strict.html`);
    await settledTotal(widget(plain));
    const expected = await widgetStyles(widget(plain));

    const page = await openPage(t);
    await recordViolations(page);
    const response = await page.goto(`${strict.url}strict.html`);
    assert.equal(response.headers()["content-security-policy"], STRICT_POLICY, "the page is sent with the strict policy");
    const w = widget(page);
    await settledTotal(w);
    const got = await widgetStyles(w);
    assert.deepEqual(got, expected, "the widget's computed styles under the policy are those without it");
    assert.ok(/^system-ui/.test(got[".ca"]["font-family"]) && got[".ca"]["padding-top"] === "16px", `the widget's own font and padding apply: ${JSON.stringify(got[".ca"])}`);
    assert.equal(got[".ca-listbox"].display, "none", "the suggestion list is closed");
    assert.match(got[".ca-swatch"]["background-color"], /^rgb\(\d+, \d+, \d+\)$/, "a family swatch has its colour");
    assert.notEqual(got[".ca-swatch"]["background-color"], "rgba(0, 0, 0, 0)");

    // Family colours: each swatch of the matrix's rows is its family's colour (commons.toml).
    const rowColours = await w.locator(".ca-rowhead .ca-swatch").evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    assert.deepEqual(rowColours.slice(0, 2), ["rgb(192, 57, 43)", "rgb(230, 126, 34)"], "families 1 and 2 in #c0392b and #e67e22");

    // The suggestions open while typing and close with Escape.
    const search = w.getByRole("combobox", { name: "Search the commons" });
    const list = w.getByRole("listbox");
    assert.ok(!(await list.isVisible()), "no suggestion list before typing");
    await search.fill("budget");
    await until("the suggestions to open", () => list.isVisible());
    await search.press("Escape");
    await until("the suggestions to close", async () => !(await list.isVisible()));

    // The desmogram: nodes placed by SVG attributes and coloured by their family's class.
    await w.getByRole("button", { name: "Open the descriptor Society and territory", exact: true }).first().click();
    const map = w.locator(".ca-desmogram svg.ca-dmap-wide");
    await map.waitFor();
    const nodes = await map.locator(".ca-dnode").evaluateAll((gs) =>
      gs.map((g) => ({ transform: g.getAttribute("transform"), fill: getComputedStyle(g.querySelector("circle")).fill }))
    );
    assert.ok(nodes.length > 1, "the map has neighbours");
    for (const n of nodes) {
      assert.match(n.transform, /^translate\(-?\d+\.\d -?\d+\.\d\)$/, "a node is placed by its transform attribute");
      assert.match(n.fill, /^rgb\(/, "a node is filled");
    }
    assert.ok(nodes.some((n) => n.fill === "rgb(192, 57, 43)"), `the open family's node has its colour: ${nodes.map((n) => n.fill)}`);
    // The path's print view opens under the same policy: styled, and printed, all the same.
    await w.getByRole("button", { name: "Path" }).click();
    const sheet = w.getByRole("region", { name: "Path" });
    const [view] = await Promise.all([page.context().waitForEvent("page"), sheet.getByRole("button", { name: "Print the path" }).click()]);
    await view.waitForLoadState();
    assert.equal(await view.locator("h1").innerText(), "Path");
    assert.match(await view.locator("body").evaluate((b) => getComputedStyle(b).fontFamily), /Georgia/, "the print view is styled");

    // (A style set through the CSSOM shows as a style attribute too; the policy allows it, and
    // any inline style the policy refused would be among the violations.)
    const styled = await w.evaluate((host) => host.shadowRoot.querySelectorAll("style").length);
    assert.equal(styled, 0, "no <style> element in the widget");
    assert.deepEqual(page.violations, [], "Content Security Policy violations");
    assertQuietPage(page);
  });
});

/** A fresh folder under the system's temporary one, removed when test `t` ends. */
async function tempDir(t, name) {
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dir = await mkdtemp(join(tmpdir(), `commons-atlas-${name}-`));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Serves the large atlas of `dir` (see large-atlas.mjs) with the demo's widget files. */
async function serveLarge(t, dir, attributes) {
  writeLargePage(dir, attributes);
  const server = await staticServer({ "/": dir, "/atlas/": join(DEMO, "atlas") });
  t.after(server.close);
  return `${server.url}large.html`;
}

/** axe-core's violations (any impact) in the widget of `page`, as short strings. */
async function axeViolations(page) {
  const { createRequire } = await import("node:module");
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const r = await window.axe.run(document.querySelector("commons-atlas"), { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(", ")}`);
  });
}

/** How many times `needle` occurs in `text`. */
const occurrences = (text, needle) => text.split(needle).length - 1;

describe("the widget on a large atlas", () => {
  test("22. a 32 × 40 atlas at 1,280 and 360 px: every family reachable, no label doubled, results on the phone's first screen", async (t) => {
    const dir = await tempDir(t, "large");
    buildLargeAtlas(dir);
    const url = await serveLarge(t, dir);
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
      const at = `at ${viewport.width} px`;
      const page = await openPage(t, { viewport });
      await page.goto(url);
      const w = widget(page);
      const total = await settledTotal(w);
      assert.ok(total > 0, `${at}: the large commons has resources`);
      assert.equal(await w.getByRole("grid").count(), 0, `${at}: no grid past ${12} columns`);
      const firstCard = () => w.locator(".ca-card").first().evaluate((e) => e.getBoundingClientRect().top);
      if (viewport.width === 360) {
        // The first screen: the search field, then the first results; the matrix one tap away.
        const search = w.getByRole("combobox", { name: "Search the commons" });
        assert.ok((await search.boundingBox()).y < viewport.height, `${at}: the search field is on the first screen`);
        const top = await firstCard();
        assert.ok(top < viewport.height - 100, `${at}: the first result starts at ${top} px, within the first screen`);
        const toggle = w.getByRole("button", { name: "Atlas matrix" });
        assert.equal(await toggle.getAttribute("aria-expanded"), "false");
        assert.ok(!(await w.locator(".ca-mlist").isVisible()), `${at}: the matrix is folded`);
        await toggle.click();
        await until("the matrix to unfold", () => w.locator(".ca-mlist").isVisible());
      } else {
        const top = await firstCard();
        assert.ok(top < viewport.height, `${at}: the first result starts at ${top} px, within the first screen`);
      }
      for (const [axis, n, name] of [
        ["By Groups", ROWS, (i) => rowLabel(i)],
        ["By Themes", COLUMNS, (i) => `T${i + 1} ${columnLabel(i)}`],
      ]) {
        await w.getByRole("button", { name: axis }).click();
        await until(`${axis} to be pressed`, () => w.getByRole("button", { name: axis }).getAttribute("aria-pressed"), (v) => v === "true");
        const families = w.locator(".ca-mfamilies > li > .ca-mfamily");
        assert.equal(await families.count(), n, `${at}, ${axis}: one button per family`);
        for (let i = 0; i < n; i++) {
          const family = families.nth(i);
          await family.scrollIntoViewIfNeeded();
          const box = await family.boundingBox();
          assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width + 0.5 && box.width > 40, `${at}, ${axis} ${i + 1}: the family is on screen (${JSON.stringify(box)})`);
          const label = await family.getAttribute("aria-label");
          assert.ok(label.startsWith(`${name(i)}: `), `${at}: family ${i + 1} is named by its whole label: ${label}`);
          const text = (await family.innerText()).replace(/\s+/g, " ");
          const start = name(i).split(" ").slice(0, 2).join(" ");
          assert.equal(occurrences(text, start), 1, `${at}: family ${i + 1} shows its label once: ${JSON.stringify(text)}`);
        }
      }
      assertQuietPage(page);
    }
  });

  test("23. the list form by keyboard: a family, then one of its cells filters the results", async (t) => {
    const dir = await tempDir(t, "large");
    buildLargeAtlas(dir);
    const page = await openPage(t);
    await page.goto(await serveLarge(t, dir));
    const w = widget(page);
    const all = await settledTotal(w);
    await w.getByRole("combobox", { name: "Search the commons" }).focus();
    const family = rowLabel(2);
    let focus;
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      focus = await deepFocus(page);
      if (focus.text.startsWith("Group 3 ")) break;
    }
    assert.ok(focus.text.startsWith("Group 3 "), `Tab reaches family 3 (last focus: ${JSON.stringify(focus)})`);
    const button = w.getByRole("button", { name: new RegExp(`^${family}: `) });
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    await page.keyboard.press("Enter");
    await until("the family to open", () => button.getAttribute("aria-expanded"), (v) => v === "true");
    const cells = w.getByRole("group", { name: `Cells of ${family}` });
    assert.equal(await cells.getByRole("button").count(), COLUMNS + 1, "the whole family, then one button per cell");
    await page.keyboard.press("Tab");
    assert.match((await deepFocus(page)).text, /^The whole family/, "Tab goes into the family's cells");
    // On to the first cell that holds resources.
    let name = "";
    for (let i = 0; i < COLUMNS; i++) {
      await page.keyboard.press("Tab");
      name = await page.evaluate(() => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return el.getAttribute("aria-label") || "";
      });
      if (/: [1-9]\d* resources?$/.test(name)) break;
    }
    const m = /^(.+) × (T\d+) .*: (\d+) resources?$/.exec(name);
    assert.ok(m && m[1] === family, `a cell of family 3 with resources has focus: ${JSON.stringify(name)}`);
    const expected = Number(m[3]);
    assert.ok(expected > 0 && expected < all);
    await page.keyboard.press("Enter");
    await totalWhere(w, expected, `the total to become the cell's count (${expected})`);
    assert.equal(await cells.getByRole("button", { name }).getAttribute("aria-pressed"), "true");
    assert.equal(
      await w.getByRole("group", { name: "Current selection" }).getByRole("button", { name: new RegExp(`^remove .*${m[2]}`) }).count(),
      1,
      "the cell shows as a removable chip"
    );
    assert.deepEqual(await axeViolations(page), [], "axe-core violations in the list form, a family open and a cell chosen");

    // On a phone, the sample commons' matrix (8 columns) is the same list, one tap away.
    const phone = await openPage(t, { viewport: { width: 360, height: 740 } });
    await phone.goto(new URL("index.html", await demoUrl()).href);
    const pw = widget(phone);
    await settledTotal(pw);
    await pw.getByRole("button", { name: "Matrice de l’atlas" }).click();
    assert.equal(await pw.getByRole("grid").isVisible(), false, "no grid on a phone");
    await pw.getByRole("button", { name: /^1 Société et territoire : / }).click();
    await pw.getByRole("group", { name: "Cases de 1 Société et territoire" }).waitFor();
    assert.deepEqual(await axeViolations(phone), [], "axe-core violations in the list form on a phone");
    assertQuietPage(phone);
    assertQuietPage(page);
  });

  test("24. a grid whose row families have no notation shows each label once, whole on hover and focus", async (t) => {
    const dir = await tempDir(t, "grid");
    buildLargeAtlas(dir, { rows: 6, columns: 8 });
    const page = await openPage(t);
    await page.goto(await serveLarge(t, dir));
    const w = widget(page);
    await settledTotal(w);
    const heads = w.getByRole("rowheader");
    assert.equal(await heads.count(), 6);
    for (let i = 0; i < 6; i++) {
      const text = (await heads.nth(i).locator(".ca-row-label, .ca-notation").allInnerTexts()).join(" ");
      assert.equal(occurrences(text, `Group ${i + 1} `), 1, `row ${i + 1} shows its label once: ${JSON.stringify(text)}`);
      assert.ok((await heads.nth(i).getAttribute("aria-label")).startsWith(`${rowLabel(i)}: `), "named by its whole label");
    }
    // A label cut at a word shows whole when its header has focus.
    const head = heads.first();
    const tip = head.locator(".ca-tip");
    assert.ok(!(await tip.isVisible()), "the whole label is hidden at first");
    await head.focus();
    await until("the whole label to show on focus", () => tip.isVisible());
    assert.equal(await tip.innerText(), rowLabel(0));
    const cut = await head.locator(".ca-row-label").innerText();
    assert.ok(cut.endsWith("…") && rowLabel(0).startsWith(cut.slice(0, -1).trim()), `cut at a word: ${cut}`);
    assertQuietPage(page);
  });
});

describe("the loader on real pages", () => {
  test("25. on a page and a host that name no charset, the loader's own message reads right", async (t) => {
    const dir = await tempDir(t, "charset");
    const { writeFile } = await import("node:fs/promises");
    // No <meta charset>, and (below) no charset in any Content-Type: the browser falls back to
    // windows-1252 for the page and for the script.
    await writeFile(
      join(dir, "nocharset.html"),
      `<!doctype html>\n<html lang="fr">\n<head><title>Sans charset</title><script src="atlas/atlas.js" defer></script></head>\n` +
        `<body><commons-atlas index="http://[mauvaise"></commons-atlas></body>\n</html>\n`
    );
    const server = await staticServer(
      { "/": dir, "/atlas/": join(DEMO, "atlas") },
      { type: (path) => (path.endsWith(".html") ? "text/html" : path.endsWith(".js") ? "text/javascript" : undefined) }
    );
    t.after(server.close);
    const page = await openPage(t);
    const response = await page.goto(`${server.url}nocharset.html`);
    assert.equal(response.headers()["content-type"], "text/html");
    assert.equal(await page.evaluate(() => document.characterSet), "windows-1252", "the page is read as windows-1252");
    const alert = widget(page).getByRole("alert");
    const text = await until("the loader's message", () => alert.innerText(), (x) => x.length > 0);
    assert.equal(
      text.split("\n")[0].trim(),
      "L\u2019atlas des communs n\u2019a pas pu se charger : l\u2019adresse de l\u2019index \u00ab http://[mauvaise \u00bb n\u2019est pas valide.",
      "the message is read in the right letters"
    );
  });
});

describe("the webmaster's first screen", () => {
  test("26. scope=\"site\" starts on the partner's records, matrix=\"folded\" behind its button", async (t) => {
    const dir = await tempDir(t, "scope");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      join(dir, "scoped.html"),
      `<!doctype html>\n<html lang="fr">\n<head><meta charset="utf-8"><title>Scope</title><script src="atlas/atlas.js" defer></script></head>\n` +
        `<body><commons-atlas site="citego" scope="site" matrix="folded"></commons-atlas></body>\n</html>\n`
    );
    const server = await staticServer({ "/": dir, "/atlas/": join(DEMO, "atlas") });
    t.after(server.close);
    const page = await openPage(t);
    await page.goto(`${server.url}scoped.html`);
    const w = widget(page);
    const total = await settledTotal(w);
    assert.ok(await w.getByRole("radio", { name: "ce site (Citego)" }).isChecked(), "this site is chosen");
    assert.ok(total > 0 && total < 421, `the partner's records only: ${total} of 421`);
    await w.getByRole("radio", { name: "tous les communs" }).check();
    await totalWhere(w, 421, "the whole commons");

    const grid = w.getByRole("grid");
    assert.ok(!(await grid.isVisible()), "the matrix starts folded");
    const toggle = w.getByRole("button", { name: "Matrice de l’atlas" });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    await grid.waitFor({ state: "visible" });
    assert.equal(await w.getByRole("button", { name: "Masquer la matrice" }).getAttribute("aria-expanded"), "true");
    assertQuietPage(page);
  });
});

describe("panels and results that say the right thing", () => {
  test("27. a notation typed suggests its descriptor; a family box shows mixed, then checked; a shared descriptor is on the path", async (t) => {
    const page = await openPage(t);
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    await settledTotal(w);
    const search = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    await search.fill("1C.11");
    const first = w.getByRole("listbox").getByRole("option").first();
    await until("a suggestion for 1C.11", () => first.innerText(), (x) => /budget participatif/.test(x));
    assert.match((await first.innerText()).replace(/\s+/g, " "), /^budget participatif 1C\.11$/, "the descriptor of that notation comes first, its notation shown once");
    await search.fill("");

    // Family 1's box: mixed when one of its descriptors is chosen, checked when the family is.
    const family = w.getByRole("checkbox", { name: /^1 Société et territoire/ });
    const state = () => family.evaluate((e) => (e.indeterminate ? "mixed" : e.checked ? "checked" : "unchecked"));
    assert.equal(await state(), "unchecked");
    await w.getByRole("searchbox", { name: "Filtrer : Composantes du territoire" }).fill("élus locaux");
    await w.getByRole("checkbox", { name: /élus locaux/ }).check();
    await w.getByRole("searchbox", { name: "Filtrer : Composantes du territoire" }).fill("");
    await until("family 1 to show mixed", state, (s) => s === "mixed");
    await family.click();
    await until("family 1 to show checked", state, (s) => s === "checked");

    // A descriptor opened from a shared link is on the path of a visitor who never opened it.
    await w.getByRole("button", { name: "Ouvrir le descripteur Société et territoire", exact: true }).first().click();
    await until("the descriptor in the URL", () => page.evaluate(() => location.hash), (h) => /d:1(;|$|&)/.test(decodeURIComponent(h)));
    const link = page.url();
    const other = await openPage(t);
    await other.goto(link);
    const ow = widget(other);
    await settledTotal(ow);
    await ow.getByRole("button", { name: "Parcours" }).click();
    const path = (await ow.getByRole("region", { name: "Parcours" }).locator(".ca-path li").allInnerTexts()).map((x) => x.trim());
    assert.deepEqual(path, ["Société et territoire"], "the shared descriptor is on the new visitor's path");
    assertQuietPage(page);
    assertQuietPage(other);
  });

  test("28. the snippet of a long summary shows the matched word, with an ellipsis at each end", async (t) => {
    const dir = await tempDir(t, "snippet");
    buildLargeAtlas(dir);
    const page = await openPage(t);
    await page.goto(await serveLarge(t, dir));
    const w = widget(page);
    await settledTotal(w);
    await w.getByRole("combobox", { name: "Search the commons" }).fill("zanzibar");
    await totalWhere(w, 1, "the one resource that mentions Zanzibar");
    const summary = w.locator(".ca-card").first().locator(".ca-snippet, .ca-summary").first();
    const text = (await summary.innerText()).trim();
    assert.ok(text.length < LONG_START.length, `a snippet, not the whole summary (${text.length} characters)`);
    assert.ok(text.startsWith("…") && text.endsWith("…"), `ellipses at both ends: ${text}`);
    assert.deepEqual(await summary.locator("mark").allInnerTexts(), ["Zanzibar"], "the matched word is shown and marked");
    assertQuietPage(page);
  });
});

describe("the desmogram on a dense neighbourhood", () => {
  test("29. no desmogram label overlaps another or leaves the drawing, at 1,280 and 360 px", async (t) => {
    const dir = await tempDir(t, "dense");
    buildLargeAtlas(dir);
    const url = await serveLarge(t, dir);
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
      const at = `at ${viewport.width} px`;
      const page = await openPage(t, { viewport });
      await page.goto(`${url}#ca-a1=d:D1`);
      const w = widget(page);
      await settledTotal(w);
      await until(`${at}: the descriptor's panel`, () => w.locator(".ca-panel-title").innerText(), (x) => x.includes("1"));
      await page.waitForTimeout(450); // the nodes' slide (a transition, not a condition)
      const seen = await w.evaluate((host) => {
        const svg = [...host.shadowRoot.querySelectorAll(".ca-desmogram svg")].find((s) => getComputedStyle(s).display !== "none");
        const frame = svg.getBoundingClientRect();
        const labels = [...svg.querySelectorAll("text")].map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        });
        return { frame: { left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom }, labels, nodes: svg.querySelectorAll(".ca-dnode").length };
      });
      assert.ok(seen.nodes >= 17, `${at}: a dense neighbourhood (${seen.nodes} nodes)`);
      const tol = 0.5;
      for (const l of seen.labels) {
        assert.ok(
          l.left >= seen.frame.left - tol && l.right <= seen.frame.right + tol && l.top >= seen.frame.top - tol && l.bottom <= seen.frame.bottom + tol,
          `${at}: "${l.text}" leaves the drawing (${JSON.stringify(l)} in ${JSON.stringify(seen.frame)})`
        );
      }
      for (let i = 0; i < seen.labels.length; i++) {
        for (let j = 0; j < i; j++) {
          const [a, b] = [seen.labels[i], seen.labels[j]];
          const meet = a.left < b.right - tol && b.left < a.right - tol && a.top < b.bottom - tol && b.top < a.bottom - tol;
          assert.ok(!meet, `${at}: "${a.text}" overlaps "${b.text}"`);
        }
      }
      assertQuietPage(page);
    }
  });
});

describe("icons without fonts", () => {
  test("30. built-in icons are drawn as SVG; an emoji icon only where the browser draws emoji", async (t) => {
    const dir = await tempDir(t, "icons");
    buildLargeAtlas(dir, { rows: 6, columns: 8 });
    const url = await serveLarge(t, dir);
    const header = (w, n) => w.getByRole("columnheader", { name: new RegExp(`^${columnLabel(n - 1)}: `) });
    for (const emoji of [false, true]) {
      const page = await openPage(t);
      // This machine's Chromium has no emoji font; a page whose canvas draws colour stands for
      // one that has.
      if (emoji) {
        await page.addInitScript(() => {
          const real = CanvasRenderingContext2D.prototype.getImageData;
          CanvasRenderingContext2D.prototype.getImageData = function (...a) {
            const d = real.apply(this, a);
            d.data.set([200, 40, 40, 255], 0);
            return d;
          };
        });
      }
      await page.goto(url);
      const w = widget(page);
      await settledTotal(w);
      for (const n of [1, 2]) {
        const path = await header(w, n).locator("svg.ca-icon-svg path").getAttribute("d");
        assert.ok(path && path.length > 10, `T${n}'s built-in icon is an SVG drawing`);
      }
      const spans = await header(w, 3).locator("span.ca-icon").allInnerTexts();
      assert.deepEqual(spans, emoji ? ["\u{1F30A}"] : [], emoji ? "the emoji where the browser draws emoji" : "no emoji (an empty box) without an emoji font");
      assert.ok(await header(w, 3).locator(".ca-notation").isVisible(), "the family's letter stands for its icon");
      assert.equal(await w.locator(".ca-grid svg.ca-icon-svg").count(), 2, "no other column has an icon");
      assertQuietPage(page);
    }
  });
});

describe("labels in the thesaurus's languages", () => {
  test("31. lang=\"ru\" shows Russian labels in an English interface, Arabic ones right to left, each marked with its language", async (t) => {
    const dir = await tempDir(t, "lang");
    buildLargeAtlas(dir, { rows: 3, columns: 4, multilingual: true });
    for (const [lang, word, dir_] of [["ru", RU_GROUP, null], ["ar", AR_GROUP, "rtl"]]) {
      const url = await serveLarge(t, dir, `lang="${lang}"`);
      const page = await openPage(t);
      await page.goto(url);
      const w = widget(page);
      await settledTotal(w);
      assert.equal(await w.getByRole("combobox", { name: "Search the commons" }).count(), 1, `${lang}: the interface falls back to English`);
      const labels = await w.locator(".ca-grid .ca-row-label").evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent, lang: e.getAttribute("lang"), dir: e.getAttribute("dir"), direction: getComputedStyle(e).direction }))
      );
      assert.equal(labels.length, 3);
      // Group 1 has no Russian label: its English one, in the interface's language, unmarked.
      const [first, second] = lang === "ru" ? [labels[0], labels[1]] : [null, labels[1]];
      if (first) assert.deepEqual([first.text.startsWith("Group 1"), first.lang, first.dir], [true, null, null], `ru: the English fallback ${JSON.stringify(first)}`);
      assert.equal(second.text, `${word} 2`, `${lang}: the thesaurus's own label`);
      assert.equal(second.lang, lang, `${lang}: marked with its language`);
      assert.equal(second.dir, dir_, `${lang}: its direction`);
      assert.equal(second.direction, dir_ || "ltr", `${lang}: laid out ${dir_ || "ltr"}`);
      assertQuietPage(page);
    }
  });
});

describe("what visitors expect of faceted search", () => {
  test("32. clicking an author searches that author", async (t) => {
    const page = await openPage(t);
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    const all = await settledTotal(w);
    const author = w.locator(".ca-card .ca-author").first();
    const name = (await author.innerText()).trim();
    assert.equal(await author.getAttribute("aria-label"), `Chercher les ressources de ${name}`);
    await author.click();
    const search = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    await until("the author in the search field", () => search.inputValue(), (v) => v === name);
    const total = await totalWhere(w, (n) => n < all, `the total to narrow to ${name}'s resources`);
    assert.ok(total > 0);
    const authors = await w.locator(".ca-card .ca-authors").first().innerText();
    assert.ok(authors.includes(name), `the first result is by ${name}: ${authors}`);
    assertQuietPage(page);
  });
});

describe("sorting", () => {
  test("33. oldest first: dates ascending, kept in the URL; newest first starts later", async (t) => {
    const page = await openPage(t);
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    await settledTotal(w);
    const years = () =>
      w.locator(".ca-list .ca-card").evaluateAll((cards) =>
        cards.map((c) => {
          const m = /(?<!\d)(1[89]\d\d|20\d\d)(?!\d)/.exec(c.querySelector(".ca-meta")?.innerText || "");
          return m ? Number(m[1]) : null;
        })
      );
    await w.getByRole("combobox", { name: "Trier par" }).selectOption("oldest");
    await until("the URL to say oldest first", () => page.evaluate(() => decodeURIComponent(location.hash)), (h) => /o:old/.test(h));
    const got = await until("dated results in ascending order", years, (ys) => ys.length > 3 && ys[0] !== null && ys.every((y, i) => i === 0 || y === null || ys[i - 1] === null || ys[i - 1] <= y));
    const newest = Math.max(...got.filter((y) => y !== null));
    await w.getByRole("combobox", { name: "Trier par" }).selectOption("date");
    const desc = await until("newest first", years, (ys) => ys[0] !== null && ys[0] >= newest);
    assert.ok(desc[0] > got[0], `newest first starts later (${desc[0]}) than oldest first (${got[0]})`);
    assertQuietPage(page);
  });
});

describe("sharing", () => {
  test("34. copy link puts the current view's address on the clipboard and says so", async (t) => {
    const page = await openPage(t);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(await demoUrl()).origin });
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    await settledTotal(w);
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("logement");
    await until("the query in the URL", () => page.evaluate(() => location.hash), (h) => /logement/.test(h));
    await w.getByRole("button", { name: "Copier le lien" }).click();
    await until("the confirmation", () => w.locator(".ca-toolbar").getByRole("status").innerText(), (x) => x === "Lien de cette vue copié.");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, page.url(), "the clipboard holds the view's address");
    assertQuietPage(page);
  });
});

describe("the rest of faceted search (issue 14, point 5)", () => {
  /** The place facet of `w`, and one of its lines by its label. */
  const places = (w) => w.getByRole("region", { name: "Lieux" });

  test("35. the place facet: a country, then one of its places, filters; counts follow the query; the URL keeps it", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    const all = await settledTotal(w);
    // The sample commons: ecosol's records name Brazilian places (BR), among them Fortaleza.
    const facet = places(w);
    const brazil = facet.getByRole("checkbox", { name: /^Brésil\s*\d+$/ });
    const countOf = (box) => box.locator("xpath=following-sibling::label").locator(".ca-count").innerText().then(Number);
    const inBrazil = await countOf(brazil);
    assert.ok(inBrazil > 1 && inBrazil < all, `Brazil (named by the browser in French) has some of the ${all} records: ${inBrazil}`);

    await facet.getByRole("button", { name: "Déplier Brésil" }).click();
    const fortaleza = facet.getByRole("checkbox", { name: /^Fortaleza\s*\d+$/ });
    const inFortaleza = await countOf(fortaleza);
    assert.ok(inFortaleza >= 1 && inFortaleza < inBrazil, `Fortaleza (${inFortaleza}) is a part of Brazil (${inBrazil})`);
    await fortaleza.check();
    await totalWhere(w, (n) => n === inFortaleza, `the total to become Fortaleza's count (${inFortaleza})`);
    await until("Brazil's box to be mixed", () => brazil.evaluate((b) => b.indeterminate && !b.checked), Boolean);
    await until("the place in the URL", () => page.evaluate(() => decodeURIComponent(location.hash)), (h) => /pl:BR\*Fortaleza/.test(h));
    await w.getByRole("button", { name: "retirer Fortaleza" }).waitFor();

    // The whole country, then a query: the country's count follows the query.
    await brazil.check();
    await totalWhere(w, (n) => n === inBrazil, `the total to become Brazil's count (${inBrazil})`);
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("economia ");
    const narrowed = await totalWhere(w, (n) => n < inBrazil, "the query to narrow Brazil's records");
    await until("Brazil's count to follow the query", () => countOf(brazil), (n) => n === narrowed);

    // A reload restores the places chosen.
    await page.reload();
    await totalWhere(w, (n) => n === narrowed, "the same total after a reload");
    assert.ok(await brazil.isChecked(), "Brazil is still chosen");
    assert.deepEqual(await axeViolations(page), [], "axe-core violations with the place facet unfolded and chosen");
    assertQuietPage(page);
  });

  test("36. a query that finds nothing offers the index's nearest words, and one click runs them", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    await settledTotal(w);
    const search = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    await search.fill("budget particpatf ");
    await totalWhere(w, (n) => n === 0, "no result for two typos in a word");
    const meant = w.getByRole("button", { name: "Vouliez-vous dire « budget participatif » ?" });
    await meant.click();
    await until("the corrected query in the search field", () => search.inputValue(), (v) => v === "budget participatif");
    const found = await totalWhere(w, (n) => n > 0, "results for the corrected query");
    assert.ok(found > 0);
    await until("the corrected query in the URL", () => page.evaluate(() => decodeURIComponent(location.hash)), (h) => /q:budget\+participatif/.test(h));
    assert.equal(await meant.count(), 0, "nothing to correct any more");
    assertQuietPage(page);
  });

  test("37. help lists the descriptors A to Z and the hierarchy as a tree, by keyboard, each entry opening its descriptor", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    await settledTotal(w);
    await w.getByRole("button", { name: "Aide" }).click();
    const sheet = w.getByRole("region", { name: "Légende de l’atlas" });
    const az = sheet.getByRole("button", { name: "Descripteurs de A à Z" });
    assert.equal(await az.getAttribute("aria-expanded"), "false");
    await az.focus();
    await page.keyboard.press("Enter");
    await until("the A–Z list to unfold", () => az.getAttribute("aria-expanded"), (v) => v === "true");
    const entries = sheet.locator(".ca-a-to-z .ca-neighbour");
    const labels = await until("the A–Z list", () => entries.evaluateAll((bs) => bs.map((b) => b.querySelector("span").textContent)), (l) => l.length > 20);
    const folded = labels.map((l) => l.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase());
    assert.deepEqual(folded, [...folded].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), "from A to Z");
    const initials = await sheet.locator(".ca-thesaurus h5").allInnerTexts();
    assert.ok(initials.length > 5 && initials.every((x, i) => i === 0 || initials[i - 1] < x), `under their initials: ${initials}`);
    // Tab from the disclosure reaches the first entry; Enter opens it.
    await page.keyboard.press("Tab");
    assert.equal((await deepFocus(page)).text.replace(/\s+/g, " ").trim().startsWith(labels[0]), true, "the first entry has the focus");
    await page.keyboard.press("Enter");
    await until("the descriptor's panel", () => w.locator(".ca-panel-title").innerText(), (x) => x.startsWith(labels[0]));

    // The hierarchy: each family with its descriptors nested below it.
    await w.getByRole("button", { name: "Aide" }).click();
    const tree = sheet.getByRole("button", { name: "Hiérarchie des descripteurs" });
    await tree.click();
    const family = sheet.locator(".ca-hierarchy > li").first();
    const child = family.locator(":scope > ul > li > .ca-neighbour").first();
    const [familyLabel, childLabel] = [await family.locator(":scope > .ca-neighbour span").first().innerText(), await child.locator("span").first().innerText()];
    assert.equal(await family.getByRole("list").first().getByRole("listitem").first().isVisible(), true, "the tree's levels are nested lists");
    await child.click();
    await until("the child's panel", () => w.locator(".ca-panel-title").innerText(), (x) => x.startsWith(childLabel));
    const broader = await w.locator(".ca-broader .ca-neighbour").allInnerTexts();
    assert.ok(broader.some((b) => b.includes(familyLabel)), `${childLabel} is under ${familyLabel} in its panel too: ${broader}`);

    await w.getByRole("button", { name: "Aide" }).click();
    assert.equal(await sheet.getByRole("button", { name: "Hiérarchie des descripteurs" }).getAttribute("aria-expanded"), "false", "a new help sheet starts folded");
    await sheet.getByRole("button", { name: "Descripteurs de A à Z" }).click();
    await sheet.getByRole("button", { name: "Hiérarchie des descripteurs" }).click();
    assert.deepEqual(await axeViolations(page), [], "axe-core violations with both lists unfolded");
    assertQuietPage(page);
  });

  test("38. a descriptor's panel shows its IRI, and its permalink opens the widget on it", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    await settledTotal(w);
    await w.getByRole("button", { name: "Aide" }).click();
    await w.getByRole("button", { name: "Descripteurs de A à Z" }).click();
    await w.locator(".ca-a-to-z .ca-neighbour").nth(3).click();
    const title = await until("the panel", () => w.locator(".ca-panel-title").innerText(), Boolean);
    const identity = w.locator(".ca-identity");
    const iri = identity.getByRole("link").first();
    const href = await iri.getAttribute("href");
    assert.match(href, /^https:\/\/atlas\.coretet\.example\//, "the sample's IRIs are https, so a link");
    assert.equal(await iri.innerText(), href, "the IRI is shown as it is");
    const permalink = identity.getByRole("link", { name: "Lien permanent vers ce descripteur" });
    const link = await permalink.getAttribute("href");
    const base = new URL("index.html", await demoUrl()).href;
    assert.match(link, new RegExp(`^${base.replace(/[.?/]/g, "\\$&")}#ca-[^=&]+=d:[^;&]+$`), `the page's address and the descriptor alone: ${link}`);

    const other = await openPage(t, { locale: "fr-FR" });
    await other.goto(link);
    const ow = widget(other);
    await until("the permalink's panel", () => ow.locator(".ca-panel-title").innerText(), (x) => x === title);
    assertQuietPage(page);
    assertQuietPage(other);

    // An IRI that is not a web address is shown as text, not as a link.
    const dir = await tempDir(t, "urn");
    buildLargeAtlas(dir, { rows: 3, columns: 4, iris: "urn:x-large:" });
    const urn = await openPage(t);
    await urn.goto(await serveLarge(t, dir, 'lang="en"'));
    const uw = widget(urn);
    await settledTotal(uw);
    await uw.getByRole("button", { name: "Help" }).click();
    await uw.getByRole("button", { name: "Descriptors A to Z" }).click();
    await uw.locator(".ca-a-to-z .ca-neighbour").first().click();
    const shown = uw.locator(".ca-identity");
    await until("the urn: IRI as text", () => shown.innerText(), (x) => /urn:x-large:d\d+/.test(x));
    assert.deepEqual(await shown.getByRole("link").allInnerTexts(), ["Permalink to this descriptor"], "the permalink is the only link");
    assertQuietPage(urn);
  });

  test("39. a cart entry in another language than the interface's says its language", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    await page.goto(new URL("index.html", await demoUrl()).href);
    const w = widget(page);
    await settledTotal(w);
    // One French and one English record (the sample's cities feed has both of "paris-pb").
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("Paris participatory budget ");
    const card = async (lang, title) => {
      const c = w.locator(".ca-card").filter({ has: page.locator(`.ca-card-title[lang="${lang}"]`, { hasText: title }) }).first();
      await c.waitFor();
      return [c, (await c.locator(".ca-card-title").innerText()).trim()];
    };
    const [en, enTitle] = await card("en", "Paris participatory budget");
    await en.getByRole("button", { name: "Mettre de côté" }).click();
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("budget participatif de Paris ");
    const [fr, frTitle] = await card("fr", "Le budget participatif de Paris");
    await fr.getByRole("button", { name: "Mettre de côté" }).click();
    await w.getByRole("button", { name: "Panier (2)" }).click();
    const items = await w.locator(".ca-cart-item .ca-neighbour").evaluateAll((bs) => bs.map((b) => [b.textContent.trim(), b.getAttribute("lang")]));
    assert.deepEqual(items, [[enTitle, "en"], [frTitle, null]], "the English title marked, the French one (the interface's language) not");
    assertQuietPage(page);
  });
});
