import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir, spawnGacost } from '../support/gacost.js';

/**
 * Inputs too large for npm test: a line longer than the 256 MB the reader holds as one string, and
 * 256 MB of lines before a document is told (each refused in words, exit 2, never exit 3).
 */
describe('usage: lines past what the reader holds', () => {
  it('refuses a line of more than 256 MB (a gzip of zeros, /dev/zero) as such', async () => {
    const dir = scratchDir();
    // 300 MB of zeros, about 300 KB gzipped.
    const zeros = Buffer.alloc(1024 * 1024);
    await pipeline(
      Readable.from(
        (function* () {
          for (let mb = 0; mb < 300; mb++) yield zeros;
        })(),
      ),
      createGzip({ level: 1 }),
      createWriteStream(join(dir, 'bomb.jsonl.gz')),
    );
    for (const source of ['bomb.jsonl.gz', '/dev/zero']) {
      const run = await gacost(['usage', source, '--skip-bad'], { cwd: dir });
      expect([run.exitCode, run.stderr]).toEqual([
        2,
        `gacost: error: ${source}:1: a line of more than 256 MB: no usage log has one (gacost reads one JSON object or CSV row a line)\n`,
      ]);
    }
  }, 60_000);

  // In a child process: the field read a character at a time ran out of memory and aborted Node.
  it('reads a quoted CSV field of 200 MB on one line, and refuses a row of more than 256 MB over many', async () => {
    const dir = scratchDir();
    const megabyte = 'a'.repeat(1024 * 1024);
    const csv = (name: string, lines: Iterable<string>) => pipeline(Readable.from(lines), createWriteStream(join(dir, name)));
    await csv(
      'wide.csv',
      (function* () {
        yield 'model,input_tokens,output_tokens,note\ngpt-4o,10,1,"';
        for (let mb = 0; mb < 200; mb++) yield megabyte;
        yield '"\n';
      })(),
    );
    const wide = await spawnGacost(['usage', 'wide.csv', '--provider', 'openai', '--on', 'none', '--format', 'json'], { cwd: dir });
    expect([wide.exitCode, wide.stderr]).toEqual([0, '']);
    expect(JSON.parse(wide.stdout).totals.records).toBe(1);
    await csv(
      'long.csv',
      (function* () {
        yield 'model,input_tokens,output_tokens,note\ngpt-4o,10,1,"';
        for (let mb = 0; mb < 280; mb++) yield `${megabyte}\n`;
        yield '"\n';
      })(),
    );
    const long = await spawnGacost(['usage', 'long.csv', '--skip-bad'], { cwd: dir });
    expect([long.exitCode, long.stderr]).toEqual([
      2,
      'gacost: error: long.csv:2: a CSV row of more than 256 MB (a quoted field not closed, or one no usage log has)\n',
    ]);
  }, 120_000);

  it('caps a document at 256 MB from its first line', async () => {
    const dir = scratchDir();
    // One line of a JSON array of 150 MB, then another: no format of JSON lines, a document too large.
    const row = `{"model":"gpt-4o","spend":0,"prompt_tokens":1,"completion_tokens":1,"x":"${'a'.repeat(1000)}"},`;
    const line = `[${row.repeat(140 * 1024)}`;
    writeFileSync(join(dir, 'big.json'), `${line}\n${line}\n`);
    const run = await gacost(['usage', 'big.json'], { cwd: dir });
    expect([run.exitCode, run.stderr]).toEqual([
      2,
      'gacost: error: big.json: a JSON document of more than 256 MB; gacost reads usage logs one JSON object a line\n',
    ]);
  }, 60_000);
});
