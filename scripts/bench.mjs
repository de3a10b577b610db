// Start-up benchmark: `gacost project --tokens 5B` as a whole process against bare `node -e 0`,
// interleaved so that both see the same machine load; prints medians and their ratio.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const bin = fileURLToPath(new URL('../bin/gacost.cjs', import.meta.url));
const cases = {
  'node -e 0': ['-e', '0'],
  'gacost project --tokens 5B': [bin, 'project', '--tokens', '5B'],
};

function timeOnce(args) {
  const start = process.hrtime.bigint();
  // stdout is a pipe, as when the result is piped into jq or captured by CI.
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}`);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const args of Object.values(cases)) timeOnce(args); // warm the file cache
for (let run = 0; run < RUNS; run++) {
  for (const [name, args] of Object.entries(cases)) samples[name].push(timeOnce(args));
}

const [baseName, cliName] = Object.keys(cases);
const base = median(samples[baseName]);
const cli = median(samples[cliName]);
console.log(`runs: ${RUNS} each, interleaved; medians of wall time`);
console.log(`${baseName.padEnd(28)} ${base.toFixed(1)} ms`);
console.log(`${cliName.padEnd(28)} ${cli.toFixed(1)} ms`);
console.log(`start-up ratio: ${(cli / base).toFixed(3)}× (target ≤ 1.25×)`);
