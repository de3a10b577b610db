// Preloaded by scripts/bench.mjs into every measured process, gacost and bare node alike.
process.on('exit', () => process.stderr.write(`peak-rss-kb=${process.resourceUsage().maxRSS}\n`));
