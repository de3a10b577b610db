import { describe, it } from 'vitest';
import { readersNeverFailInternally } from '../support/fuzz-usage.js';

describe('gacost usage on random input, at length', () => {
  it('random bytes, JSON lines and CSV, read in every format: exit 0, 1 or 2 with one line of reason, never an internal error', async () => {
    await readersNeverFailInternally({ runs: Number(process.env.GACOST_FUZZ_RUNS ?? 3000), lines: 60, bytes: 4000, depth: 200_000 });
  }, 600_000);
});
