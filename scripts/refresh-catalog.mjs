// npm run catalog:refresh [-- --from DIR]: remakes pricing/providers/*.yaml, one file per provider,
// from the genai-prices provider lists in DIR (default ../shared/reference-prices/genai-prices) through
// gacost's own importer, then prints `gacost catalog diff` between the built-in catalog as it was built
// before the refresh and the refreshed one: that diff is what a reviewer reads.
// Models that pricing/catalog.yaml writes by hand are left out of the generated files (--exclude).
// The lists' newest prices_checked date is the import date (the checked date of a model the list does
// not date, and the files' version), so that the same lists always make the same files.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/gacost.cjs');
const fromFlag = process.argv.indexOf('--from');
const from = resolve(fromFlag > 0 ? process.argv[fromFlag + 1] : join(root, '../shared/reference-prices/genai-prices'));
const lists = readdirSync(from).filter((name) => name.endsWith('.yml')).sort();
if (lists.length === 0) {
  console.error(`catalog:refresh: no genai-prices provider lists (*.yml) in ${from}`);
  process.exit(2);
}

const texts = lists.map((name) => readFileSync(join(from, name), 'utf8'));
const asOf = texts.flatMap((text) => [...text.matchAll(/^\s*prices_checked:\s*(\d{4}-\d{2}-\d{2})\s*$/gm)].map((match) => match[1])).sort().at(-1);
// The importer's provider key: the list's id in lower case, dashes for anything else.
const keyOf = (text) => /^id:\s*(\S+)\s*$/m.exec(text)?.[1].toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** Runs the built CLI, its output passed through; stops the refresh where it fails (it has said why). */
function gacost(...args) {
  const { status } = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (status !== 0) process.exit(status ?? 2);
}

// Models pricing/catalog.yaml keeps by hand (the seed's GPT-4o) are left out of the generated files.
const catalogText = readFileSync(join(root, 'pricing/catalog.yaml'), 'utf8');
const handWritten = [...catalogText.matchAll(/^ {2}- id: (\S+)\s*$/gm)].map((match) => match[1]);

const written = [];
for (const [index, name] of lists.entries()) {
  const out = `providers/${keyOf(texts[index])}.yaml`;
  console.error(`catalog:refresh: ${name} → pricing/${out}`);
  gacost('catalog', 'import', '--from', 'genai-prices', join(from, name), '--as-of', asOf, '--exclude', ...handWritten, '--out', join(root, 'pricing', out));
  written.push(out);
}

const included = [...catalogText.matchAll(/^ {2}- (providers\/\S+\.yaml)\s*$/gm)].map((match) => match[1]);
const missing = written.filter((file) => !included.includes(file));
const stale = included.filter((file) => !written.includes(file));
if (missing.length > 0 || stale.length > 0) {
  console.error(`catalog:refresh: pricing/catalog.yaml's include list is out of date: add ${missing.join(', ') || 'nothing'}; remove ${stale.join(', ') || 'nothing'}`);
  process.exit(1);
}

console.error(`catalog:refresh: ${written.length} provider files written (import date ${asOf}); what changed, from the built-in catalog as built:`);
gacost('catalog', 'diff', 'builtin', join(root, 'pricing/catalog.yaml'));
