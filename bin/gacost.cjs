#!/usr/bin/env node
'use strict';
// Runs the bundled CLI from V8's code cache made at build time: Node 20 has no compile cache of
// its own, and compiling the bundle afresh costs as much as the rest of a run. A cache that does
// not fit this Node is ignored by V8, and the bundle is compiled as usual.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const Module = require('node:module');

const bundle = join(__dirname, '..', 'dist', 'cli.cjs');
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const cli = { exports: {} };
script.runInThisContext()(cli.exports, Module.createRequire(bundle), cli, bundle, join(bundle, '..'));
cli.exports.main(process.argv).then((code) => {
  process.exitCode = code;
  if (process.env.GACOST_WRITE_CODE_CACHE) writeFileSync(cacheFile, script.createCachedData());
});
