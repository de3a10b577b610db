import { describe, it } from 'vitest';
import { readersNeverFailInternally } from '../support/fuzz-usage.js';

describe('gacost usage on random input', () => {
  // Few and small, to stay fast; npm run test:interop runs many more, larger (test/interop/usage-fuzz.test.ts).
  it('random bytes, JSON lines and CSV, read in every format: exit 0, 1 or 2 with one line of reason, never an internal error', async () => {
    await readersNeverFailInternally({ runs: 80, lines: 6, bytes: 200, depth: 5_000 });
  });
});
