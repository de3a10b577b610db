// models and the catalog commands: validate, diff, import, export, update; schema.
import { catalogDiff, catalogExport, catalogImport, catalogUpdate, catalogValidate, loadCatalog, models, schema, usdText } from 'gacost';

const catalog = await loadCatalog();
const asOf = '2026-11-24';

// As `gacost models --provider anthropic --search haiku` and `gacost models --match gpt-4o-2024-08-06`.
console.log(
  'models:',
  models(catalog, { provider: 'anthropic', search: 'haiku', asOf })
    .models.map((entry) => entry.model.id)
    .join(', '),
);
for (const match of models(catalog, { match: ['gpt-4o-2024-08-06', 'gpt-5o'], asOf }).matches)
  console.log('match:', match.name, '→', match.resolved?.model.id ?? match.reason);

// As `gacost catalog validate test/fixtures/catalogs/minimal.yaml test/fixtures/catalogs/bad-date.yaml`.
for (const file of await catalogValidate(['test/fixtures/catalogs/minimal.yaml', 'test/fixtures/catalogs/bad-date.yaml'])) {
  console.log('validate:', file.source, file.valid ? `ok, ${file.models} models` : file.problems[0]);
}

// As `gacost catalog diff test/fixtures/catalogs/minimal-prev.yaml test/fixtures/catalogs/minimal-next.yaml --tokens 1B`.
const [before, after] = [
  await loadCatalog('test/fixtures/catalogs/minimal-prev.yaml'),
  await loadCatalog('test/fixtures/catalogs/minimal-next.yaml'),
];
const diff = await catalogDiff(before, after, { tokens: '1B', asOf });
console.log('diff:', diff.changes.map((change) => `${change.id} ${change.change}`).join(', '));
console.log(
  'diff at 1B tokens:',
  diff.effects
    .map(
      (effect) =>
        `${effect.name} ${effect.oldCost === null ? '—' : `$${usdText(effect.oldCost)}`} → ${effect.newCost === null ? '—' : `$${usdText(effect.newCost)}`}`,
    )
    .join(', '),
);

// As `gacost catalog import --from litellm test/fixtures/import/litellm-prices.json --provider openai`.
const imported = await catalogImport('test/fixtures/import/litellm-prices.json', { from: 'litellm', provider: 'openai', asOf });
console.log('import:', imported.models, 'models,', imported.yaml.split('\n').length, 'lines of YAML');

// As `gacost --catalog test/fixtures/catalogs/minimal-next.yaml catalog export --table rules`.
console.log(catalogExport(after, { table: 'rules' }).text);

// As `gacost catalog update --from test/fixtures/import/genai-data.json --dry-run`: nothing stored.
const update = await catalogUpdate({ from: 'test/fixtures/import/genai-data.json', dryRun: true, asOf });
console.log('update:', update.diff.changes.map((change) => `${change.id} ${change.change}`).join(', '), '; stored:', update.stored);

// As `gacost schema budget`.
console.log('schema:', JSON.parse(await schema('budget')).title);
