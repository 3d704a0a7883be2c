// The widget under faults (issue 12): a new release published while a page is open, a browser
// that refuses to keep the cart, a chunk that cannot be loaded, attributes that name nothing.
// Imported by widget.test.mjs, so that it runs in the same process and the same Chromium; pages
// that need an index of their own are served by `staticServer`.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { assertQuietPage, DEMO, fragment, openPage, readTotal, ROOT, settledTotal, staticServer, statusRegion, until, visit, widget } from "./harness.mjs";

/** A fresh folder under the system's temporary one, removed when test `t` ends. */
async function tempDir(t, name) {
  const dir = await mkdtemp(join(tmpdir(), `commons-atlas-${name}-`));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A host page at `dir/name` with the loader of `dir/atlas/` and one element with `attributes`. */
function writePage(dir, name, attributes) {
  return writeFile(
    join(dir, name),
    `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Faults</title><script src="atlas/atlas.js" defer></script></head>\n` +
      `<body><commons-atlas ${attributes}></commons-atlas></body>\n</html>\n`
  );
}

/** The index files of a folder (`index.bin`, the hashed ones, the record chunks of their set), not the widget's. */
async function indexFiles(dir) {
  return (await readdir(dir)).filter((f) => f === "index.bin" || /^((manifest|facets|text|notes|labels|language|blooms)-[0-9a-f]{16}|records-[0-9a-f]{16}-\d+)\.bin$/.test(f));
}

/**
 * The next release of the demo's index, built by index-builder into `dir/next`: the sample
 * commons under another name (a new manifest, so a new build identity and new names for every
 * file). Returns the folder.
 */
async function nextRelease(dir) {
  const src = join(dir, "src");
  await cp(join(ROOT, "examples/commons"), src, { recursive: true });
  const config = join(src, "commons.toml");
  await writeFile(config, (await readFile(config, "utf8")).replace('name = "CORETET sample commons"', 'name = "CORETET sample commons, next release"'));
  const next = join(dir, "next");
  const run = spawnSync("cargo", ["run", "--quiet", "-p", "index-builder", "--", "build", "--config", config, "--out", next], { cwd: ROOT, encoding: "utf8" });
  assert.equal(run.status, 0, `index-builder build failed:\n${run.stdout}\n${run.stderr}`);
  return next;
}

/**
 * A copy of the demo's widget and index in a folder of its own (`dir/atlas`), served with an
 * English host page, open in a fresh page of test `t` with its first total shown: a host whose
 * files a test then changes.
 */
async function servedCopy(t, name) {
  const dir = await tempDir(t, name);
  const atlas = join(dir, "atlas");
  await cp(join(DEMO, "atlas"), atlas, { recursive: true });
  await writePage(dir, "index.html", 'lang="en"');
  const server = await staticServer({ "/": dir });
  t.after(server.close);
  const page = await openPage(t);
  await page.goto(`${server.url}index.html`);
  const w = widget(page);
  const total = await settledTotal(w);
  return { dir, atlas, page, w, total };
}

/** The widget's heading: the commons' name from the manifest. */
function title(w) {
  return w.locator(".ca-title").innerText().then((x) => x.trim());
}

describe("the widget under faults", () => {
  test("H1. a new release replaces the index while the page is open: the widget reopens index.bin and answers from it, in the same view", async (t) => {
    const { dir, atlas, page, w, total } = await servedCopy(t, "release");
    const before = await title(w);
    assert.equal(before, "CORETET sample commons", "the sample commons' name");
    // A view to carry over: a matrix cell (the facets file is loaded; no text chunk yet).
    const cell = w.getByRole("gridcell", { name: /^1 .+ × B / });
    await cell.click();
    await until("the cell to filter", () => readTotal(w), (n) => n !== null && n < total);
    const chip = w.locator(".ca-chips");
    const chips = await chip.innerText();

    // The next release, published as a release does: the previous release's hashed files
    // removed, the new ones and index.bin written.
    const next = await nextRelease(dir);
    const old = await indexFiles(atlas);
    for (const f of old) await rm(join(atlas, f));
    const fresh = await indexFiles(next);
    for (const f of fresh) await cp(join(next, f), join(atlas, f));
    assert.ok(!fresh.some((f) => f !== "index.bin" && old.includes(f)), "no hashed name in common between the two releases");

    // A new query needs the text chunk of the old release, which is gone. (The sample commons
    // has "politique" in cell 1 × B: two pages of results.)
    await w.getByRole("combobox", { name: "Search the commons" }).fill("politique");
    await until("the widget to answer from the new release", () => title(w), (x) => x === "CORETET sample commons, next release");
    const answered = await settledTotal(w, "a total from the new release");
    assert.ok(answered > 0 && answered < total, `the query and the cell still apply: ${answered}`);
    assert.equal(await w.getByRole("alert").count(), 0, "no error shown");
    assert.equal(await w.locator(".ca-answer.ca-stale").count(), 0, "the answer is not greyed out");
    const after = await w.locator(".ca-chips").innerText();
    assert.ok(after.includes(chips.trim()), `the same cell chosen: ${after}`);
    assert.equal(await cell.getAttribute("aria-selected"), "true");
    assert.match(decodeURIComponent(await fragment(page)), /q:politique/);
    assert.ok((await w.locator(".ca-list .ca-card-title").count()) > 0, "results shown");
    assertQuietPage(page);
  });

  test("H6. a file of another build served under a name the open manifest gives: the widget reopens index.bin and answers from the new release", async (t) => {
    const { dir, atlas, page, w } = await servedCopy(t, "mixed");
    // A host caught between two releases: the new entry, and under each old text chunk's name
    // a text chunk of the new release (a cache, a half-done copy). Nothing is deleted.
    const next = await nextRelease(dir);
    const oldText = (await indexFiles(atlas)).filter((f) => f.startsWith("text-"));
    const [newText] = (await indexFiles(next)).filter((f) => f.startsWith("text-"));
    for (const f of await indexFiles(next)) await cp(join(next, f), join(atlas, f));
    for (const f of oldText) await cp(join(next, newText), join(atlas, f));
    await w.getByRole("combobox", { name: "Search the commons" }).fill("politique");
    await until("the widget to answer from the new release", () => title(w), (x) => x === "CORETET sample commons, next release");
    assert.ok((await settledTotal(w, "a total from the new release")) > 0);
    assert.equal(await w.getByRole("alert").count(), 0, "no error shown");
    assertQuietPage(page);
  });

  test("H5. a new release this widget cannot read says the atlas was updated, and Reload loads it", async (t) => {
    const { dir, atlas, page, w } = await servedCopy(t, "newer");
    // The next release is in a format version after this widget's (the entry of the demo's
    // `future` copy, whose header says the next version): the old hashed files are gone.
    for (const f of await indexFiles(atlas)) await rm(join(atlas, f));
    await cp(join(DEMO, "future", "index.bin"), join(atlas, "index.bin"));
    await w.getByRole("combobox", { name: "Search the commons" }).fill("politique");
    const alert = w.locator(".ca-results-head").getByRole("alert");
    await until("the atlas to say it was updated", () => alert.innerText(), (x) => /^The atlas was updated since this page was opened\./.test(x.trim()));
    assert.equal(await alert.getByRole("button", { name: "Try again" }).count(), 0, "no Retry that would keep failing");
    assert.match(await w.locator(".ca-answer").getAttribute("class"), /ca-stale/);
    // Reload: the page loads the new release, which this (old) widget says is of another version.
    await alert.getByRole("button", { name: "Reload the page" }).click();
    await until("the reloaded page's alert", () => w.locator(".ca-error[data-problem]").getAttribute("data-problem"), (x) => x === "version");
    assertQuietPage(page);
  });

  test("H2. a browser that refuses to keep the cart says so by the cart", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    // A full storage: every write throws, as Chromium does past the quota.
    await page.addInitScript(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    const note = w.locator(".ca-storage-note");
    assert.equal(await note.count(), 0, "nothing said while the cart is empty");
    await w.locator(".ca-card").first().getByRole("button", { name: "Mettre de côté" }).click();
    await w.getByRole("button", { name: "Panier (1)" }).waitFor();
    await note.waitFor();
    assert.match(await note.innerText(), /ne permet pas à l’atlas de garder votre panier/);
    assert.equal(await note.getAttribute("role"), "status", "announced to screen readers");
    assertQuietPage(page);
  });

  test("H3. after a chunk fails to load, the previous answer is greyed out and inert, and its total is not claimed", async (t) => {
    const page = await openPage(t, { locale: "fr-FR" });
    await visit(page, "index.html");
    const w = widget(page);
    await settledTotal(w);
    // The text chunk cannot be had (the first query with words needs it).
    await page.route("**/text-*.bin", (route) => route.fulfill({ status: 404, body: "not found" }));
    await w.getByRole("combobox", { name: "Rechercher dans les communs" }).fill("budget participatif");
    const alert = w.locator(".ca-results-head").getByRole("alert");
    await until("the alert", () => alert.innerText(), (x) => /n’a pas pu être chargée/.test(x));
    const answer = w.locator(".ca-answer");
    assert.match(await answer.getAttribute("class"), /ca-stale/, "the old results are greyed out");
    assert.notEqual(await answer.getAttribute("inert"), null, "and inert");
    assert.ok((await w.locator(".ca-answer .ca-card").count()) > 0, "they are still there, greyed");
    assert.doesNotMatch(await statusRegion(w).innerText(), /\d+\s+résultat/, "no total claimed for the new query");

    // Once the chunk can be had again, Retry answers the query.
    await page.unroute("**/text-*.bin");
    await alert.getByRole("button", { name: "Réessayer" }).click();
    const total = await settledTotal(w, "the answer after Retry");
    assert.ok(total > 0);
    assert.equal(await answer.getAttribute("inert"), null);
    assert.doesNotMatch(await answer.getAttribute("class"), /ca-stale/);
    assertQuietPage(page);
  });

  test("H4. attributes that name nothing in the index are shown to the webmaster, with the values that would", async (t) => {
    const dir = await tempDir(t, "attributes");
    await writePage(dir, "wrong.html", 'lang="en" site="nowhere" local-map="atlantis" sub-atlas="ZZ9"');
    const server = await staticServer({ "/": dir, "/atlas/": join(DEMO, "atlas") });
    t.after(server.close);
    const page = await openPage(t);
    await page.goto(`${server.url}wrong.html`);
    const w = widget(page);
    await settledTotal(w);
    const notice = (attribute) => w.locator(`.ca-notice[data-attribute="${attribute}"]`);
    const site = await notice("site").innerText();
    assert.match(site, /site="nowhere"/);
    assert.match(site, /citego/, `the valid site ids: ${site}`);
    const map = await notice("local-map").innerText();
    assert.match(map, /local-map="atlantis"/);
    assert.match(map, /energie-habitat, alimentation|alimentation, energie-habitat/, `the valid map ids: ${map}`);
    const sub = await notice("sub-atlas").innerText();
    assert.match(sub, /sub-atlas="ZZ9"/);
    assert.match(sub, /notations or IRIs/, sub);
    assert.ok(await notice("site").isVisible());
    // A right value says nothing.
    await writePage(dir, "right.html", 'lang="en" local-map="alimentation"');
    await page.goto(`${server.url}right.html`);
    await settledTotal(w);
    assert.equal(await w.locator(".ca-notice").count(), 0);
    assertQuietPage(page);
  });
});
