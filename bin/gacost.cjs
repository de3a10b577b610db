#!/usr/bin/env node
'use strict';
// Runs the bundled CLI fast without shipping anything made for one machine or one Node: each bundle
// runs from a V8 code cache made after a run on this machine and this Node, so that it holds the
// functions a run compiles (Node 22's module.enableCompileCache() was measured slower here: its cache
// leaves them out; see npm run bench). The caches are kept in the user's cache folder, where the first
// run writes them (and, in a clone, beside the bundles in dist/, where npm run build writes them).
// V8 checks each cache before using it: one that does not fit this Node is rejected, the bundle
// compiled as usual and the cache written afresh.
// The cache folder is $GACOST_CACHE_DIR, else $XDG_CACHE_HOME/gacost, else ~/.cache/gacost;
// GACOST_CACHE_DIR=off turns the folder off. Nothing here ever fails a run: a cache that cannot be read
// or written is done without.
const { readFileSync, statSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');
const Module = require('node:module');

const dist = join(__dirname, '..', 'dist');
const cli = join(dist, 'cli.cjs');

function cacheFolder() {
  const { GACOST_CACHE_DIR, XDG_CACHE_HOME } = process.env;
  if (GACOST_CACHE_DIR) return GACOST_CACHE_DIR === 'off' ? undefined : GACOST_CACHE_DIR;
  if (XDG_CACHE_HOME && XDG_CACHE_HOME.startsWith('/')) return join(XDG_CACHE_HOME, 'gacost');
  try {
    const home = process.env.HOME || require('node:os').homedir();
    return home ? join(home, '.cache', 'gacost') : undefined;
  } catch {
    return undefined;
  }
}

function run(exports) {
  return exports.main(process.argv).then(({ exitCode }) => {
    process.exitCode = exitCode;
  });
}

runWithCodeCaches();

/** Each bundle through vm.Script with the V8 code cache of this Node for it, written after the run when missing or rejected. */
function runWithCodeCaches() {
  const { Script } = require('node:vm');
  const folder = cacheFolder();
  const stale = [];

  let version;
  /**
   * The bundle's cache in the cache folder, named for this install of gacost (its folder's hash, so
   * that two installs do not take turns overwriting one file), for this Node, and for this bundle:
   * gacost's version, the bundle's length and time (which a clone's build changes).
   */
  function cacheFiles(bundle, source) {
    if (folder === undefined) return {};
    try {
      version ??= /"version":\s*"([^"]+)"/.exec(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'))[1];
      const mtime = Math.trunc(statSync(bundle).mtimeMs);
      const stem = `${bundle.slice(dist.length + 1)}-${hashOf(dist)}-node${process.version}-${process.arch}`;
      return { inFolder: join(folder, `${stem}-${version}-${source.length}-${mtime}.cache`), stem };
    } catch {
      return {};
    }
  }

  /** FNV-1a, 32 bits, in hex. */
  function hashOf(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    return (hash >>> 0).toString(16).padStart(8, '0');
  }

  function readCache(file) {
    try {
      return file === undefined ? undefined : readFileSync(file);
    } catch {
      return undefined;
    }
  }

  function runCached(bundle) {
    const source = readFileSync(bundle, 'utf8');
    const files = cacheFiles(bundle, source);
    const beside = `${bundle}.cache`;
    // The cache folder's first: it has one only when the one beside was missing or did not fit.
    const cachedData = process.env.GACOST_WRITE_CODE_CACHE ? undefined : (readCache(files.inFolder) ?? readCache(beside));
    const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
    if (process.env.GACOST_WRITE_CODE_CACHE) stale.push({ file: beside, script });
    else if ((cachedData === undefined || script.cachedDataRejected) && files.inFolder !== undefined) stale.push({ file: files.inFolder, stem: files.stem, script });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, requireFrom(bundle), module, bundle, dirname(bundle));
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

  /**
   * After the run, so that the cache holds the functions the run compiled; atomically, by a rename.
   * The caches of this install's bundle for this Node from its earlier builds or versions are removed.
   */
  function writeCaches() {
    if (stale.length === 0) return;
    try {
      const { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
      for (const { file, stem, script } of stale) {
        mkdirSync(dirname(file), { recursive: true });
        if (stem !== undefined) {
          for (const old of readdirSync(folder)) if (old.startsWith(`${stem}-`) && old !== basename(file)) rmSync(join(folder, old), { force: true });
        }
        const temporary = `${file}.${process.pid}.tmp`;
        try {
          writeFileSync(temporary, script.createCachedData());
          renameSync(temporary, file);
        } catch {
          rmSync(temporary, { force: true });
        }
      }
    } catch {}
  }

  run(runCached(cli)).then(writeCaches);
}
