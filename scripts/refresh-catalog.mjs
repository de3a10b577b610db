// npm run catalog:refresh: remakes pricing/providers/*.yaml, one file per provider, from the price data
// the pinned @pydantic/genai-prices package ships, through gacost's own importer, and rewrites
// pricing/catalog.yaml's include list; then prints `gacost catalog diff` between the built-in catalog
// as it was built before the refresh and the refreshed one: that diff is what a reviewer reads.
// History accumulates: each provider file is imported onto itself (catalog import --keep-history), so a
// refresh adds prices and never drops a past one, and a provider the data no longer has keeps its file.
// The data has no check dates: the package's publish date is the import date (the checked date of every
// model, the date from which a price the data changed without a date applies), so that the same package
// always makes the same files. Models that pricing/catalog.yaml or pricing/corrections.yaml write by
// hand are left out of the generated files (--exclude); corrections.yaml is never written here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForUpdate } from '@pydantic/genai-prices';

/** When each version of @pydantic/genai-prices was published (`npm view @pydantic/genai-prices time`). */
const PUBLISHED = { '0.1.8': '2026-09-23' };

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/gacost.cjs');
const { version } = JSON.parse(readFileSync(join(root, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8'));
const asOf = PUBLISHED[version];
if (asOf === undefined) {
  console.error(
    `catalog:refresh: @pydantic/genai-prices ${version} has no publish date here: add '${version}': 'YYYY-MM-DD' (from npm view @pydantic/genai-prices time) to PUBLISHED in scripts/refresh-catalog.mjs`,
  );
  process.exit(2);
}
const data = await waitForUpdate();

/** Runs the built CLI, its output passed through; true when it succeeded (else it has said why). */
function gacost(...args) {
  const { status } = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.exitCode = status ?? 2;
  return status === 0;
}

// Models kept by hand (Global API, the seed's GPT-4o, the corrections' models) are left out of the generated files.
const catalogFile = join(root, 'pricing/catalog.yaml');
const catalogText = readFileSync(catalogFile, 'utf8');
const handWritten = ['pricing/catalog.yaml', 'pricing/corrections.yaml'].flatMap((file) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/^ {2}- id: (\S+)\s*$/gm)].map((match) => match[1]),
);
// The importer's provider key: the data's id in lower case, dashes for anything else.
const keyOf = (id) =>
  id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

// Every provider imported into a scratch folder first, then all moved in: a refresh that fails changes no file.
const scratch = mkdtempSync(join(tmpdir(), 'gacost-refresh-'));
const written = [];
try {
  const made = [];
  for (const provider of data) {
    const out = `providers/${keyOf(provider.id)}.yaml`;
    const list = join(scratch, `${keyOf(provider.id)}.json`);
    writeFileSync(list, JSON.stringify(provider));
    console.error(`catalog:refresh: genai-prices ${version} ${provider.id} → pricing/${out}`);
    const history = existsSync(join(root, 'pricing', out)) ? ['--keep-history', join(root, 'pricing', out)] : [];
    // Written beside the list, then moved: the import reads the file it refreshes.
    const file = join(scratch, `${keyOf(provider.id)}.yaml`);
    if (
      !gacost(
        'catalog',
        'import',
        '--from',
        'genai-prices',
        list,
        '--as-of',
        asOf,
        ...history,
        '--exclude',
        ...handWritten,
        '--out-file',
        file,
      )
    )
      break;
    made.push([file, out]);
  }
  if (made.length === data.length) {
    for (const [file, out] of made) copyFileSync(file, join(root, 'pricing', out));
    written.push(...made.map(([, out]) => out));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (written.length === 0) {
  console.error('catalog:refresh: stopped; no file changed');
  process.exit(process.exitCode || 2);
}

const kept = readdirSync(join(root, 'pricing/providers'))
  .map((name) => `providers/${name}`)
  .filter((file) => file.endsWith('.yaml') && !written.includes(file));
for (const file of kept) console.error(`catalog:refresh: genai-prices ${version} has no provider of pricing/${file}: kept as it is`);
const include = [...written, ...kept].sort();
const includeList = `include:\n${[...include, 'corrections.yaml'].map((file) => `  - ${file}\n`).join('')}`;
writeFileSync(catalogFile, catalogText.replace(/^include:\n(?: {2}- \S+\n)*/m, includeList));

console.error(
  `catalog:refresh: ${written.length} provider files written from @pydantic/genai-prices ${version} (import date ${asOf}); what changed, from the built-in catalog as built:`,
);
gacost('catalog', 'diff', 'builtin', catalogFile);
