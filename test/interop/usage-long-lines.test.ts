import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

/**
 * Inputs too large for npm test: a line longer than the 256 MB the reader holds as one string, and
 * 256 MB of lines before a document is told (each refused in words, exit 2, never exit 3).
 */
describe('usage: lines past what the reader holds', () => {
  it('refuses a line of more than 256 MB (a gzip of zeros, /dev/zero) as such', async () => {
    const dir = scratchDir();
    // 300 MB of zeros, about 300 KB gzipped.
    const zeros = Buffer.alloc(1024 * 1024);
    await pipeline(Readable.from((function* () { for (let mb = 0; mb < 300; mb++) yield zeros; })()), createGzip({ level: 1 }), createWriteStream(join(dir, 'bomb.jsonl.gz')));
    for (const source of ['bomb.jsonl.gz', '/dev/zero']) {
      const run = await gacost(['usage', source, '--skip-bad'], { cwd: dir });
      expect([run.exitCode, run.stderr]).toEqual([2, `gacost: error: ${source}:1: a line of more than 256 MB: no usage log has one (gacost reads one JSON object or CSV row a line)\n`]);
    }
  }, 60_000);

  it('caps a document at 256 MB from its first line', async () => {
    const dir = scratchDir();
    // One line of a JSON array of 150 MB, then another: no format of JSON lines, a document too large.
    const row = `{"model":"gpt-4o","spend":0,"prompt_tokens":1,"completion_tokens":1,"x":"${'a'.repeat(1000)}"},`;
    const line = `[${row.repeat(140 * 1024)}`;
    writeFileSync(join(dir, 'big.json'), `${line}\n${line}\n`);
    const run = await gacost(['usage', 'big.json'], { cwd: dir });
    expect([run.exitCode, run.stderr]).toEqual([2, 'gacost: error: big.json: a JSON document of more than 256 MB; gacost reads usage logs one JSON object a line\n']);
  }, 60_000);
});
