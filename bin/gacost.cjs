#!/usr/bin/env node
'use strict';
// Runs the bundled CLI, and the bundles it requires on demand, from V8 code caches made at
// build time: Node 20 has no compile cache of its own, and compiling a bundle afresh costs as much
// as the rest of a run. A cache that does not fit this Node is ignored by V8, which then compiles
// the bundle as usual.
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const Module = require('node:module');

const dist = join(__dirname, '..', 'dist');
const loaded = [];

function runCached(bundle) {
  let cachedData;
  try {
    cachedData = readFileSync(`${bundle}.cache`);
  } catch {}
  const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFrom(bundle), module, bundle, dirname(bundle));
  loaded.push({ bundle, script });
  return module.exports;
}

/** The lazily loaded bundles (./NAME.cjs beside the CLI's) from their caches too, each once. */
function requireFrom(bundle) {
  const require = Module.createRequire(bundle);
  const lazy = new Map();
  return (id) => {
    if (!/^\.\/[\w-]+\.cjs$/.test(id)) return require(id);
    if (!lazy.has(id)) lazy.set(id, runCached(join(dist, id)));
    return lazy.get(id);
  };
}

runCached(join(dist, 'cli.cjs'))
  .main(process.argv)
  .then(({ exitCode }) => {
    process.exitCode = exitCode;
    if (process.env.GACOST_WRITE_CODE_CACHE) for (const { bundle, script } of loaded) writeFileSync(`${bundle}.cache`, script.createCachedData());
  });
