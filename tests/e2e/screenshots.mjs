// Screenshots of the demo for the docs: the partner page with its widget, scrolled to the
// widget, at desktop (1280×900) and phone (360×740) width, after a search; then the navigator's
// features at desktop width: a descriptor's panel with its desmogram, a resource's panel, the
// cart, and a local map; and the desmogram at phone width; `strict.html` under a strict
// Content Security Policy; and the generated 32 × 40 atlas (large-atlas.mjs) at both widths. (The matrix's
// column icons are emoji: install an emoji font, e.g. Debian's fonts-noto-color-emoji, first.)
//
//   node tests/e2e/screenshots.mjs [OUT_DIR]      (default: docs/screenshots)
//
// Needs the demo built (`cargo xtask demo --no-serve`), like the tests; serves it the same way.

import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { buildLargeAtlas, writeLargePage } from "./large-atlas.mjs";
import { closeBrowser, DEMO, openPage, resultTitles, ROOT, settledTotal, staticServer, STRICT_POLICY, stopServer, until, visit, widget } from "./harness.mjs";

const out = resolve(process.argv[2] || join(ROOT, "docs/screenshots"));
mkdirSync(out, { recursive: true });

// Desktop: the page's "explore" section at the top; phone: the widget itself at the top.
const shots = [
  { file: "demo-desktop.png", viewport: { width: 1280, height: 900 }, top: "#explore-title" },
  { file: "demo-phone.png", viewport: { width: 360, height: 740 }, top: "commons-atlas" },
];

const contexts = [];
const t = { after: (f) => contexts.push(f) }; // openPage's test context: close at the end
try {
  for (const shot of shots) {
    const page = await openPage(t, { viewport: shot.viewport, locale: "fr-FR" });
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    const before = await resultTitles(w);
    const search = w.getByRole("combobox", { name: "Rechercher dans les communs" });
    await search.fill("budget participatif");
    await until("the results of the query", () => resultTitles(w), (ts) => JSON.stringify(ts) !== JSON.stringify(before));
    await settledTotal(w);
    await search.press("Escape"); // close the suggestions
    await search.blur();
    await page.locator(shot.top).first().evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(out, shot.file) });
    console.log(`wrote ${join(out, shot.file)}`);
  }

  const page = await openPage(t, { viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  const shoot = async (file, locator) => {
    await locator.scrollIntoViewIfNeeded();
    await locator.screenshot({ path: join(out, file) });
    console.log(`wrote ${join(out, file)}`);
  };
  await visit(page, "index.html");
  const w = widget(page);
  await settledTotal(w);
  await w.getByRole("button", { name: "Ouvrir le descripteur Société et territoire", exact: true }).first().click();
  await w.locator(".ca-narrower").getByRole("button", { name: /^habitat et logement/ }).click();
  await until("the descriptor's panel", () => w.locator(".ca-panel-title").innerText(), (x) => x.startsWith("habitat et logement"));
  await settledTotal(w);
  await page.waitForTimeout(500); // the desmogram's transition (an animation, not a condition)
  await shoot("descriptor-panel.png", w.locator(".ca-descriptor-panel"));
  await w.locator(".ca-card").first().getByRole("button", { name: /^Détails/ }).click();
  await w.locator(".ca-resource-panel h4").first().waitFor();
  await shoot("resource-panel.png", w.locator(".ca-resource-panel"));
  await w.locator(".ca-resource-panel").getByRole("button", { name: "Mettre de côté" }).click();
  await w.getByRole("button", { name: /Fermer/ }).first().click();
  await settledTotal(w);
  await w.locator(".ca-card").nth(1).getByRole("button", { name: "Mettre de côté" }).click();
  await w.getByRole("button", { name: "Panier (2)" }).click();
  await shoot("cart.png", w.locator(".ca-cart"));
  await visit(page, "map.html");
  await settledTotal(widget(page));
  await shoot("local-map.png", widget(page).locator(".ca"));

  const phone = await openPage(t, { viewport: { width: 360, height: 740 }, locale: "fr-FR" });
  await visit(phone, "index.html");
  const pw = widget(phone);
  await settledTotal(pw);
  await pw.getByRole("button", { name: "Filtres" }).click();
  await pw.getByRole("button", { name: "Ouvrir le descripteur Société et territoire", exact: true }).first().click();
  await until("the descriptor's panel", () => pw.locator(".ca-panel-title").innerText(), (x) => x.startsWith("Société et territoire"));
  await phone.waitForTimeout(500); // the desmogram's transition
  const map = pw.locator(".ca-desmogram");
  await map.scrollIntoViewIfNeeded();
  await map.screenshot({ path: join(out, "desmogram-phone.png") });
  console.log(`wrote ${join(out, "desmogram-phone.png")}`);

  // The partner page sent with a strict Content Security Policy (served by a server of our own).
  const strict = await staticServer({ "/": DEMO }, { headers: () => ({ "Content-Security-Policy": STRICT_POLICY }) });
  contexts.push(strict.close);
  const sp = await openPage(t, { viewport: { width: 1280, height: 900 }, locale: "en-US" });
  await sp.goto(`${strict.url}strict.html`);
  await settledTotal(widget(sp));
  await sp.screenshot({ path: join(out, "strict-policy.png") });
  console.log(`wrote ${join(out, "strict-policy.png")}`);

  // The large atlas: the list form with a family open at 1,280 px; the phone's first screen, and
  // the matrix unfolded there.
  const dir = mkdtempSync(join(tmpdir(), "commons-atlas-large-"));
  buildLargeAtlas(dir);
  writeLargePage(dir);
  const large = await staticServer({ "/": dir, "/atlas/": join(DEMO, "atlas") });
  contexts.push(large.close);
  const desk = await openPage(t, { viewport: { width: 1280, height: 900 }, locale: "en-US" });
  await desk.goto(`${large.url}large.html`);
  await settledTotal(widget(desk));
  await widget(desk).getByRole("button", { name: /^Group 3 / }).click();
  await desk.screenshot({ path: join(out, "large-atlas-desktop.png") });
  console.log(`wrote ${join(out, "large-atlas-desktop.png")}`);
  const ph = await openPage(t, { viewport: { width: 360, height: 740 }, locale: "en-US" });
  await ph.goto(`${large.url}large.html`);
  await settledTotal(widget(ph));
  await ph.screenshot({ path: join(out, "large-atlas-phone.png") });
  console.log(`wrote ${join(out, "large-atlas-phone.png")}`);
  await widget(ph).getByRole("button", { name: "Atlas matrix" }).click();
  await widget(ph).getByRole("button", { name: /^Group 3 / }).click();
  await widget(ph).locator(".ca-picked").evaluate((e) => e.scrollIntoView({ block: "start" }));
  await ph.screenshot({ path: join(out, "large-atlas-phone-matrix.png") });
  console.log(`wrote ${join(out, "large-atlas-phone-matrix.png")}`);
} finally {
  for (const close of contexts) await close();
  await closeBrowser();
  stopServer();
}
