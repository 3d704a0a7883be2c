// The widget on real pages (issue 14): a strict host Content Security Policy, large atlases, phones.
// Imported by widget.test.mjs, so that it runs in the same process and the same Chromium; the
// pages that need response headers or an index of their own get a small server of their own
// (`staticServer`), since the demo server sends neither.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertQuietPage, DEMO, openPage, settledTotal, staticServer, STRICT_POLICY, until, widget } from "./harness.mjs";


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
    const map = w.locator(".ca-desmogram svg");
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
