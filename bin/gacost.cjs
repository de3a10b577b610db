#!/usr/bin/env node
'use strict';
// Node 22.1+ keeps the bundles' compiled code in its own compile cache (in the system's temporary
// folder, or NODE_COMPILE_CACHE) for the next run; Node 20 has none and compiles them each run.
require('node:module').enableCompileCache?.();
require('../dist/cli.cjs')
  .main(process.argv)
  .then(({ exitCode }) => {
    process.exitCode = exitCode;
  });
