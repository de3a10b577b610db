import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, processEnv, scratchDir } from '../support/gacost.js';

/** A million sessions take about a minute of one core: too long here; 200,000 show the same per session. */
const SESSIONS = 200_000;
/**
 * Below what pricing 200,000 sessions held in the heap before buckets and rows were held column-wise
 * and JSON and the table written a piece at a time (CSV 0.57 GB, JSON 1.4 GB, the table 0.53 GB of
 * memory then; Node aborted, out of memory, under this cap).
 */
const OLD_SPACE_MB = 64;

/** Too slow for npm test: the memory a large --by holds, under a cap on V8's heap (issue 21, defect D18). */
describe('usage --by session: memory', () => {
  it(`prices ${SESSIONS} sessions, one row each, and writes them as CSV, JSON and a table in a heap of ${OLD_SPACE_MB} MB`, async () => {
    const dir = scratchDir();
    const lines = ['time,session,model,input_tokens,output_tokens'];
    for (let at = 0; at < SESSIONS; at += 1) lines.push(`2026-11-0${1 + (at % 9)}T12:00:00Z,s${at},gpt-4o,1000,100`);
    writeFileSync(join(dir, 'sessions.csv'), `${lines.join('\n')}\n`);
    const run = (format: string) => {
      const args = [
        `--max-old-space-size=${OLD_SPACE_MB}`,
        BIN,
        'usage',
        'sessions.csv',
        '--provider',
        'openai',
        '--on',
        'none',
        '--by',
        'session',
        '--format',
        format,
        '--out-file',
        `out.${format}`,
      ];
      return new Promise<{ code: number | null; stderr: string; text: string }>((resolve) => {
        execFile(process.execPath, args, { cwd: dir, env: processEnv({ GACOST_USAGE_WORKERS: '1' }) }, (error, _stdout, stderr) =>
          resolve({
            code: error === null ? 0 : (error.code as number | null),
            stderr,
            text: error === null ? readFileSync(join(dir, `out.${format}`), 'utf8') : '',
          }),
        );
      });
    };
    const [csv, json, table] = await Promise.all(['csv', 'json', 'table'].map(run));
    expect([csv?.code, csv?.stderr, json?.code, json?.stderr, table?.code, table?.stderr]).toEqual([0, '', 0, '', 0, '']);
    const csvLines = csv?.text.split('\n') ?? [];
    expect(csvLines.length).toBe(SESSIONS + 2);
    expect(csvLines[1]).toMatch(/^s\d+,gpt-4o,1,1,1000,0,0,100,/);
    const rows = (JSON.parse(json?.text ?? '') as { rows: { session: string; cost_usd: number }[] }).rows;
    expect([rows.length, rows[0]?.session, rows[0]?.cost_usd]).toEqual([SESSIONS, 's0', 0.0035]);
    const tableLines = table?.text.split('\n') ?? [];
    expect(tableLines.filter((line) => /^│ s\d+ /.test(line)).length).toBe(SESSIONS);
    expect(tableLines.find((line) => line.startsWith('│ Total'))).toMatch(/│ \$700\.00 │$/);
  }, 180_000);
});
