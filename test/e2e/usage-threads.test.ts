import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageTally } from '../../src/core/usage.js';
import type { UsageJson } from '../../src/output/contract.js';
import type { readUsage as ReadUsage } from '../../src/usage/read-usage.js';
import { AS_OF, builtGacost, ROOT, scratchDir } from '../support/gacost.js';

/**
 * Large inputs are read by several threads (the built CLI's worker bundle; GACOST_USAGE_WORKERS sets
 * how many whatever the size): what they print must be what one thread prints, byte for byte.
 */
async function bothWays(args: readonly string[], cwd: string) {
  const one = await builtGacost(args, { cwd, env: { GACOST_USAGE_WORKERS: '1' } });
  const two = await builtGacost(args, { cwd, env: { GACOST_USAGE_WORKERS: '2' } });
  expect(two).toEqual(one);
  return one;
}

/**
 * How many pieces two threads read a folder in, by the built reader (whose workers are beside it in
 * dist/), as a run with GACOST_USAGE_WORKERS=2 does: the tests' precondition, that a file is read in
 * several pieces by several threads.
 */
async function piecesReadByTwo(cwd: string): Promise<number> {
  const { readUsage } = createRequire(import.meta.url)(join(ROOT, 'dist/read-usage.cjs')) as { readUsage: typeof ReadUsage };
  const tally = new UsageTally({ thresholds: [], boundaries: [], groups: ['model'], since: undefined, until: undefined, asOf: AS_OF });
  const read = await readUsage(['logs'], { from: undefined, skipBad: true, cwd, stdin: () => process.stdin, tally, threads: 2 });
  return read.pieces;
}

const claudeLine = (session: string, id: number, output: number, model: string) =>
  JSON.stringify({
    type: 'assistant',
    sessionId: session,
    requestId: `req_${id}`,
    timestamp: `2026-02-0${1 + (id % 5)}T09:00:00.000Z`,
    message: {
      id: `msg_${id}`,
      role: 'assistant',
      model,
      content: [{ type: 'text' }],
      usage: { input_tokens: 10 + id, cache_read_input_tokens: id * 3, output_tokens: output },
    },
  });

const openaiLine = (index: number) =>
  JSON.stringify({
    model: ['gpt-4o', 'gpt-4o-mini', 'no-such-model-7'][index % 3],
    created: 1767225600 + index * 60,
    user: index % 7 === 0 ? 'zoë 中文' : 'ada',
    service_tier: ['default', 'flex', 'batch'][index % 5] ?? 'default',
    usage: { prompt_tokens: 1000 + index, completion_tokens: 10 + (index % 100), prompt_tokens_details: { cached_tokens: index % 500 } },
    choices: [{ message: { content: `${'lorem ipsum '.repeat(60)}${index}` } }],
  });

/**
 * A folder of two Claude Code sessions (the second resumed from the first: it copies 100 of its
 * responses), a file of OpenAI lines of about 10 MB (read in three pieces) with a bad line wherever
 * `bad` says, and a CSV file with a bad row.
 */
function usageFolder(bad: (index: number) => string | undefined): string {
  const dir = scratchDir();
  mkdirSync(join(dir, 'logs/claude/projects/app'), { recursive: true });
  const first: string[] = [];
  const resumed: string[] = [];
  for (let id = 0; id < 300; id++) {
    const model = id % 4 === 0 ? 'claude-haiku-4-5' : 'claude-sonnet-4-5';
    first.push(claudeLine('s1', id, 1, model), claudeLine('s1', id, 20 + id, model));
    if (id >= 200) resumed.push(claudeLine('s2', id, 20 + id, model));
  }
  for (let id = 300; id < 400; id++) resumed.push(claudeLine('s2', id, 5, 'claude-sonnet-4-5'));
  writeFileSync(join(dir, 'logs/claude/projects/app/s1.jsonl'), `${first.join('\n')}\n`);
  writeFileSync(join(dir, 'logs/claude/projects/app/s2.jsonl'), `${resumed.join('\n')}\n`);
  const lines: string[] = [];
  for (let index = 0; index < 11_000; index++) lines.push(bad(index) ?? openaiLine(index));
  writeFileSync(join(dir, 'logs/openai.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'logs/usage.csv'), 'date,model,input_tokens,output_tokens\n2026-06-01,gpt-4o,10,1\n2026-06-01,gpt-4o,-5,1\n');
  return dir;
}

describe('gacost usage in several threads', () => {
  it('prints what one thread prints for every fixture', async () => {
    const run = await bothWays(
      ['usage', 'test/fixtures/usage', '--skip-bad', '--by', 'model,day,project,key,user,session', '--format', 'json'],
      process.cwd(),
    );
    expect(run.exitCode, run.stderr).toBe(0);
  });

  it('prints what one thread prints for files read in pieces: Claude Code duplicates across files, bad lines skipped and where', async () => {
    // Bad lines in each third of the OpenAI file (about 1,000 lines a MB).
    const inMilliseconds = '{"model":"gpt-4o","created":1767225600000,"usage":{"prompt_tokens":1}}';
    const badAt = new Map([
      [5, '{"model":"gpt-4o","usage":{"prompt_tokens":-1}}'],
      [2_000, inMilliseconds],
      [4_100, 'not json'],
      [7_000, '{"usage":{"prompt_tokens":1}}'],
      [8_000, inMilliseconds],
      [10_500, '{"model":"gpt-4o","usage":{"prompt_tokens":1.5}}'],
    ]);
    const dir = usageFolder((index) => badAt.get(index));
    // Four files, the OpenAI one read in three pieces.
    expect(await piecesReadByTwo(dir)).toBe(6);
    const run = await bothWays(['usage', 'logs', '--skip-bad', '--by', 'model,day,user', '--format', 'json'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as UsageJson;
    expect(json.sources.map((source) => [source.path, source.records, source.duplicates, source.skipped, source.bad_records])).toEqual([
      ['logs/claude/projects/app/s1.jsonl', 300, 300, 0, 0],
      ['logs/claude/projects/app/s2.jsonl', 100, 100, 0, 0],
      ['logs/openai.jsonl', 10_994, 0, 6, 6],
      ['logs/usage.csv', 1, 0, 1, 1],
    ]);
    expect(run.stderr).toContain(
      'skipped 3 records with a token count that is not a whole number of 0 or more (logs/openai.jsonl:6, logs/openai.jsonl:10501, logs/usage.csv:3)',
    );
    expect(run.stderr).toContain('skipped 1 line that is not valid JSON (logs/openai.jsonl:4101)');
    expect(run.stderr).toContain('skipped 1 record without a model (logs/openai.jsonl:7001)');
    expect(run.stderr).toContain(
      'skipped 2 records with a time that is not a plausible date (logs/openai.jsonl:2001, logs/openai.jsonl:8001)',
    );
    // Each source's reasons, from the pieces of the file whichever thread read them, add up to what stderr says.
    expect(json.sources.find((source) => source.path === 'logs/openai.jsonl')?.skipped_reasons).toEqual([
      { reason: 'records with a token count that is not a whole number of 0 or more', count: 2, bad: true },
      { reason: 'records with a time that is not a plausible date', count: 2, bad: true },
      { reason: 'lines that are not valid JSON', count: 1, bad: true },
      { reason: 'records without a model', count: 1, bad: true },
    ]);
    expect(json.totals.bad_records).toBe(7);
  });

  it('refuses the first bad line of the input, by its file and line, whichever thread read it', async () => {
    const dir = usageFolder((index) =>
      index === 6_000 ? '{"model":"gpt-4o","usage":{"prompt_tokens":-1}}' : index === 9_000 ? 'not json' : undefined,
    );
    const run = await bothWays(['usage', 'logs'], dir);
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([
      2,
      '',
      'gacost: error: logs/openai.jsonl:6001: usage.prompt_tokens: -1 is not a whole number of tokens; --skip-bad skips and counts such records\n',
    ]);
  });
});
