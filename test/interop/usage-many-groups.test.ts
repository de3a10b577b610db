import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, processEnv, scratchDir } from '../support/gacost.js';

const SESSIONS = 200_000;
/** Below what pricing 200,000 sessions held before rows were built lean and buckets dropped once priced (Node aborted, out of memory). */
const OLD_SPACE_MB = 150;

/** Too slow for npm test: the memory a large --by holds, under a cap on V8's heap (issue 21, defect D18). */
describe('usage --by session: memory', () => {
  it(`prices ${SESSIONS} sessions, one row each, and writes them as CSV in a heap of ${OLD_SPACE_MB} MB`, async () => {
    const dir = scratchDir();
    const lines = ['time,session,model,input_tokens,output_tokens'];
    for (let at = 0; at < SESSIONS; at += 1) lines.push(`2026-11-0${1 + (at % 9)}T12:00:00Z,s${at},gpt-4o,1000,100`);
    writeFileSync(join(dir, 'sessions.csv'), `${lines.join('\n')}\n`);
    const args = [`--max-old-space-size=${OLD_SPACE_MB}`, BIN, 'usage', 'sessions.csv', '--provider', 'openai', '--on', 'none', '--by', 'session', '--format', 'csv', '--out-file', 'out.csv'];
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, args, { cwd: dir, env: processEnv({ GACOST_USAGE_WORKERS: '1' }) }, (error, _stdout, stderr) => resolve({ code: error === null ? 0 : (error.code as number | null), stderr }));
    });
    expect([run.code, run.stderr]).toEqual([0, '']);
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8').split('\n');
    expect(csv.length).toBe(SESSIONS + 2);
    expect(csv[1]).toMatch(/^s\d+,gpt-4o,1,1,1000,0,0,100,/);
  }, 120_000);
});
