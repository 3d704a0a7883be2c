// A generated large atlas, as real thesauri have them (an environmental thesaurus: 32 groups ×
// 40 themes): the Turtle atlas, commons.toml and one JSON feed, written to a folder and built with
// the index-builder binary. Row families have no notation (as such groups often do), so a
// widget that falls back from notation to label would show their labels twice; column families
// are numbered T1…T40. Labels are long, of several words, to be cut at a word.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";

export const ROWS = 32;
export const COLUMNS = 40;
const DESCRIPTORS = 240;
const RESOURCES = 120;

const WORDS = [
  "water", "air", "soil", "forest", "coastal", "urban", "rural", "energy", "waste", "noise", "climate",
  "biodiversity", "transport", "agriculture", "industry", "health", "landscape", "mountain", "marine",
  "wetland", "policy", "planning", "pollution", "resources", "chemicals", "monitoring", "heritage",
];
const word = (i) => WORDS[i % WORDS.length];
/** A family label of four to six words, distinct for each `i`. */
export const rowLabel = (i) => `Group ${i + 1} ${word(i)} ${word(i * 7 + 3)} and ${word(i * 5 + 1)} management systems`;
export const columnLabel = (i) => `${word(i * 3 + 2)} ${word(i + 11)} and related ${word(i * 11 + 5)} themes`;
export const RU_GROUP = "\u0413\u0440\u0443\u043f\u043f\u0430"; // Группа
export const AR_GROUP = "\u0645\u062c\u0645\u0648\u0639\u0629"; // مجموعة
const INTERNATIONALS = ["Socialist", "Workers", "Labour and Socialist", "Communist", "Anarchist", "Syndicalist", "Democratic Socialist", "Progressive Alliance"];
export const LONG_START = "An introduction on methods, sources and the questions that frame the study, at length. ".repeat(12).trim();
const esc = (s) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/**
 * Writes the commons into `dir` and builds its index into `dir/index`; returns that folder.
 * `rows` and `columns` make a smaller atlas of the same kind.
 */
export function buildLargeAtlas(dir, { rows: ROWS_ = ROWS, columns: COLUMNS_ = COLUMNS, multilingual = false, iris = "https://large.example.org/" } = {}) {
  const [ROWS, COLUMNS] = [ROWS_, COLUMNS_];
  mkdirSync(join(dir, "feeds"), { recursive: true });
  // The concepts' IRIs (a thesaurus may name them with `urn:` as well as `https:`).
  const P = iris;
  let ttl = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <${P}> .\n\n`;
  ttl += `ex:scheme a skos:ConceptScheme ; skos:prefLabel "Large test atlas"@en .\n`;
  const rows = [...Array(ROWS).keys()];
  const cols = [...Array(COLUMNS).keys()];
  ttl += `ex:groups a skos:Collection ; skos:prefLabel "Groups"@en ; skos:member ${rows.map((i) => `ex:g${i}`).join(", ")} .\n`;
  ttl += `ex:themes a skos:Collection ; skos:prefLabel "Themes"@en ; skos:member ${cols.map((i) => `ex:t${i}`).join(", ")} .\n`;
  // With `multilingual`, Russian and Arabic labels too (group 1 has no Russian one).
  const more = (ru, ar) => (multilingual ? `${ru === null ? "" : `, "${ru}"@ru`}, "${ar}"@ar` : "");
  for (const i of rows) ttl += `ex:g${i} a skos:Concept ; skos:inScheme ex:scheme ; skos:topConceptOf ex:scheme ; skos:prefLabel "${esc(rowLabel(i))}"@en${more(i === 0 ? null : `${RU_GROUP} ${i + 1}`, `${AR_GROUP} ${i + 1}`)} .\n`;
  for (const i of cols) ttl += `ex:t${i} a skos:Concept ; skos:inScheme ex:scheme ; skos:topConceptOf ex:scheme ; skos:notation "T${i + 1}" ; skos:prefLabel "${esc(columnLabel(i))}"@en .\n`;
  // D1 has a dense neighbourhood: two families above it, eight narrower descriptors (D2–D9)
  // and eight related ones (D10–D17) with long, alike labels.
  for (let d = 0; d < DESCRIPTORS; d++) {
    const r = (d * 7) % ROWS;
    const c = (d * 13) % COLUMNS;
    const label = d >= 9 && d <= 16 ? `${INTERNATIONALS[d - 9]} International ${d + 1}` : `${word(d)} ${word(d * 3 + 1)} ${d + 1}`;
    const broader = d >= 1 && d <= 8 ? `ex:g${r}, ex:t${c}, ex:d0` : `ex:g${r}, ex:t${c}`;
    const related = d === 0 ? ` ; skos:related ${[...Array(8).keys()].map((i) => `ex:d${i + 9}`).join(", ")}` : "";
    ttl += `ex:d${d} a skos:Concept ; skos:inScheme ex:scheme ; skos:notation "D${d + 1}" ; skos:prefLabel "${label}"@en ; skos:broader ${broader}${related} .\n`;
  }
  writeFileSync(join(dir, "atlas.ttl"), ttl);
  const records = [];
  for (let k = 0; k < RESOURCES; k++) {
    records.push({
      id: `r${k}`,
      url: `https://large.example.org/resources/${k}`,
      title: `Report ${k + 1} on ${word(k)} and ${word(k * 5 + 2)}`,
      // The first resource's summary is long, its one mention of "zanzibar" far from the start.
      summary: k === 0 ? `${LONG_START} The archipelago of Zanzibar is the case studied here. ${LONG_START}` : `A study of ${word(k * 3)} ${word(k + 4)} in the region, with field data.`,
      authors: ["A. Author"],
      date: `20${10 + (k % 15)}-0${1 + (k % 9)}-1${k % 10}`,
      type: "report",
      lang: "en",
      descriptors: [`D${1 + ((k * 17) % DESCRIPTORS)}`, `D${1 + ((k * 29 + 3) % DESCRIPTORS)}`],
    });
  }
  writeFileSync(join(dir, "feeds", "large.json"), JSON.stringify(records, null, 1));
  writeFileSync(
    join(dir, "commons.toml"),
    `[commons]
name = "Large test commons"
languages = ${multilingual ? '["en", "ru", "ar"]' : '["en"]'}

[thesaurus]
path = "atlas.ttl"

[[dimensions]]
id = "groups"
collection = "${P}groups"

[[dimensions]]
id = "themes"
collection = "${P}themes"

# Icons: two built-in drawings by name, and an emoji (shown only where the browser draws emoji).
[dimensions.families."T1"]
icon = "globe"
[dimensions.families."T2"]
icon = "water"
[dimensions.families."T3"]
icon = "🌊"

[matrix]
rows = "groups"
columns = "themes"

[types.report]
en = "Report"

[[sites]]
id = "large"
name = "Large site"
url = "https://large.example.org/"
languages = ["en"]
colour = "#2e86c1"
feed = "feeds/large.json"
`
  );
  const out = join(dir, "index");
  // Through cargo, so that the builder is the one of this tree (and of the widget's format).
  const run = spawnSync("cargo", ["run", "--quiet", "-p", "index-builder", "--", "build", "--config", join(dir, "commons.toml"), "--out", out], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`index-builder build failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return out;
}

/** A partner page with the widget on the large atlas's index (`index/` next to it). */
export function writeLargePage(dir, attributes = "") {
  writeFileSync(
    join(dir, "large.html"),
    `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>A large atlas</title>
  <script src="atlas/atlas.js" defer></script>
</head>
<body>
  <commons-atlas ${/\blang=/.test(attributes) ? "" : 'lang="en" '}index="index/" ${attributes}></commons-atlas>
</body>
</html>
`
  );
}
