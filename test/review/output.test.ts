import { spawn } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, linkSync, openSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { errnoReason } from '../../src/io/errno-reason.js';
import { noticeLine, type BudgetNotice } from '../../src/output/describe-budget.js';
import { escapeControls } from '../../src/output/escape-controls.js';
import { githubAnnotation } from '../../src/output/github-annotation.js';
import { hostileNames } from '../support/hostile-text.js';
import { AS_OF, BIN, gacost, nobodysCli, ROOT, scratchDir, sharedScratchDir, spawnGacost } from '../support/gacost.js';

const MINIMAL_CATALOG = join(ROOT, 'test/fixtures/catalogs/minimal.yaml');
/** Any control character but the line ends that separate lines. */
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** gacost.yaml in `dir`, with one workload over its budget. */
function budgetFile(dir: string, name: string, extra = ''): void {
  writeFileSync(join(dir, 'gacost.yaml'), `version: 1\n${extra}workloads:\n  - name: ${JSON.stringify(name)}\n    model: deepseek-r1\n    tokens: 1B\n    budget: 1\n`);
}


describe('#1: check --github cannot inject workflow commands', () => {
  it('escapes annotation messages and properties as GitHub\'s toolkit does', () => {
    expect(githubAnnotation('error', { title: 'a:b,c%' }, 'x\r\n::add-mask::y 50%0A')).toBe('::error title=a%3Ab%2Cc%25::x%0D%0A::add-mask::y 50%250A');
    const notice: BudgetNotice = { level: 'warning', text: 'bot\n::error::forged' };
    expect(noticeLine(notice, true)).toBe('::warning title=gacost budget::bot%0A::error::forged');
    expect(noticeLine(notice, false)).toBe('gacost: warning: bot\n::error::forged');
  });

  it('writes one line per notice, with --github or without, whatever a workload name holds', async () => {
    const dir = scratchDir();
    budgetFile(dir, 'x\n::error file=README.md,line=1::Injected annotation\r\n::add-mask::x %0A');
    const github = await gacost(['check', '--github', '--format', 'csv'], { cwd: dir });
    expect(github.exitCode).toBe(1);
    const lines = github.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error title=gacost budget::x%0A::error file=README\.md,line=1::Injected annotation%0D%0A::add-mask::x %250A: /);
    const plain = await gacost(['check', '--format', 'csv'], { cwd: dir });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toMatch(/^gacost: over budget: x\\n::error file=README\.md,line=1::Injected annotation\\r\\n::add-mask::x %0A: [^\n]+\n$/);
  });
});

describe('text from usage logs never forms a GitHub workflow command', () => {
  /** A line the Actions runner reads as a command: `::` after leading whitespace, or `##[` anywhere. */
  const COMMAND_LINE = /^\s*::|##\[/;
  const record = (fields: Record<string, unknown>) => JSON.stringify({ created: 1796169600, usage: { prompt_tokens: 1000, completion_tokens: 10 }, ...fields });

  it('in tables, wrapped notes, Markdown, JSON and stderr, whatever a model or user field holds', async () => {
    const dir = scratchDir();
    const names = [...hostileNames('pwned'), `::error::Forged_annotation_from_a_usage_log_model_name_${'X'.repeat(40)}`, 'a ::error::mid-name', '\t::warning::after a tab'];
    const log = names.flatMap((name) => [record({ model: name }), record({ model: 'gpt-4o', user: name })]);
    writeFileSync(join(dir, 'gh.jsonl'), `${log.join('\n')}\n`);
    writeFileSync(join(dir, 'b100.yaml'), 'version: 1\nworkloads:\n  - name: all\n    model: gpt-4o\n    tokens: 1M\n    budget: 0.001\n    usage: {provider: openai}\n');
    const runs = [
      ...['table', 'markdown', 'json'].map((format) => ['--as-of', '2026-12-05', 'usage', 'gh.jsonl', '--provider', 'openai', '--on', '', '--by', 'user,model', '--format', format]),
      ['--as-of', '2026-12-05', 'check', '--config', 'b100.yaml', '--usage', 'gh.jsonl', '--provider', 'openai', '--github'],
    ];
    for (const args of runs) {
      const run = await gacost(args, { cwd: dir, env: { COLUMNS: '60' } });
      expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).toBeLessThan(2);
      expect(run.stdout.split('\n').filter((line) => COMMAND_LINE.test(line)), args.join(' ')).toEqual([]);
      // gacost's own annotation (its budget notice) is the one command on stderr.
      const own = /^::(error|warning) title=gacost budget::/;
      expect(run.stderr.split('\n').filter((line) => COMMAND_LINE.test(line) && (!own.test(line) || line.includes('##[') || /\s::/.test(line.replace(own, ''))))).toEqual([]);
    }
  });

  it('escapes the characters that would start one, wherever a word lands', () => {
    expect(escapeControls('::error::x')).toBe('\\x3a:error::x');
    expect(escapeControls('a ::b  ##[error] arn:aws:bedrock:us-east-1::model')).toBe('a \\x3a:b  ##\\x5berror] arn:aws:bedrock:us-east-1::model');
    expect(escapeControls('\u202egnp.exe\u2028')).toBe('\\u202egnp.exe\\u2028');
  });
});

describe('#14: a failed write to stdout', () => {
  it.skipIf(!existsSync('/dev/full'))('is a one-line user error, exit 2', async () => {
    const full = openSync('/dev/full', 'w');
    onTestFinished(() => closeSync(full));
    const child = spawn(process.execPath, [BIN, 'compare', '--tokens', '1B', '--format', 'csv'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, GACOST_AS_OF: AS_OF },
      stdio: ['ignore', full, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    expect({ exitCode, stderr }).toEqual({ exitCode: 2, stderr: 'gacost: error: cannot write stdout: no space left on device\n' });
  });

  it('translates a code outside the table with Node\'s words, without the path', () => {
    const error = Object.assign(new Error("EXDEV: cross-device link not permitted, rename 'a\nb' -> 'c'"), { code: 'EXDEV' });
    expect(errnoReason(error)).toBe('cross-device link not permitted');
  });

  it.skipIf(!existsSync('/dev/full'))('and to --out-file, are told in words', async () => {
    const run = await gacost(['project', '--out-file', '/dev/full']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unwritable-file', stdout: '' });
    expect(run.stderr).toBe('gacost: error: cannot write "/dev/full": no space left on device\n');
  });
});

describe('#15: --out-file replacing a file', () => {
  it.each(['600', '660'])('keeps its mode %s', async (octal) => {
    const mode = Number.parseInt(octal, 8);
    const dir = scratchDir();
    const target = join(dir, 'spend.csv');
    writeFileSync(target, 'old\n');
    chmodSync(target, mode);
    const run = await gacost(['project', '--format', 'csv', '--out-file', target]);
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(target, 'utf8')).toMatch(/^stage,/);
    expect(statSync(target).mode & 0o7777).toBe(mode);
  });

  it('refuses a file the user could not write, though its folder lets anyone replace it', async (context) => {
    const asRoot = process.getuid?.() === 0;
    // As root the refusal is shown as nobody, in a folder nobody may enter.
    const dir = asRoot ? sharedScratchDir() : scratchDir();
    const nobody = asRoot ? nobodysCli() : undefined;
    if (dir === undefined || (asRoot && nobody === undefined)) return context.skip('no folder the user nobody may enter');
    chmodSync(dir, 0o777);
    const target = join(dir, 'read-only.csv');
    writeFileSync(target, 'keep\n');
    chmodSync(target, 0o444);
    const args = ['project', '--format', 'csv', '--out-file', target];
    // The built-in catalog: nobody may not reach the checkout's fixtures.
    const run = nobody === undefined ? await gacost(args) : await spawnGacost(args, { cwd: dir, as: nobody, env: { GACOST_CATALOG: undefined } });
    expect(run).toMatchObject({ exitCode: 2, stdout: '', stderr: `gacost: error: cannot write ${JSON.stringify(target)}: permission denied\n` });
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
    expect(statSync(target).mode & 0o777).toBe(0o444);
  });
});

describe('#16: --out-file naming an input', () => {
  it('refuses the catalog, a link to it, an overlay\'s base, the stage file, the budget file, and the import\'s list', async () => {
    const dir = scratchDir();
    copyFileSync(MINIMAL_CATALOG, join(dir, 'c.yaml'));
    linkSync(join(dir, 'c.yaml'), join(dir, 'hard-link.yaml'));
    symlinkSync(join(dir, 'c.yaml'), join(dir, 'soft-link.yaml'));
    writeFileSync(join(dir, 'overlay.yaml'), 'schema: 1\nextends: c.yaml\nversion: 2026.1.1\neffective: 2026-01-15\ncurrency: USD\n');
    writeFileSync(join(dir, 's.yaml'), '- name: MVP\n  tokens: 1M\n');
    budgetFile(dir, 'bot');
    writeFileSync(join(dir, 'l.json'), '{"m1": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}\n');
    const cases = [
      ['--catalog', 'c.yaml', 'models', '--format', 'csv', '--out-file', 'c.yaml'],
      ['--catalog', 'c.yaml', 'models', '--out-file', 'hard-link.yaml'],
      ['--catalog', 'c.yaml', 'models', '--out-file', 'soft-link.yaml'],
      ['--catalog', 'overlay.yaml', 'models', '--out-file', 'c.yaml'],
      ['project', '--stages', 's.yaml', '--out-file', 's.yaml'],
      ['check', '--config', 'gacost.yaml', '--out-file', 'gacost.yaml'],
      ['catalog', 'import', '--from', 'litellm', 'l.json', '--out', 'l.json'],
    ];
    const before = new Map(['c.yaml', 's.yaml', 'gacost.yaml', 'l.json'].map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    for (const args of cases) {
      const run = await gacost(args, { cwd: dir });
      expect({ args, ...run }).toMatchObject({ args, exitCode: 2, errorCode: 'output-is-input', stdout: '' });
      expect(run.stderr).toMatch(/^gacost: error: [^\n]+\n$/);
    }
    for (const [name, text] of before) expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  });

  it('says which input the output would replace', async () => {
    const dir = scratchDir();
    copyFileSync(MINIMAL_CATALOG, join(dir, 'c.yaml'));
    const run = await gacost(['--catalog', 'c.yaml', 'models', '--out-file', './c.yaml'], { cwd: dir });
    expect(run.stderr).toBe('gacost: error: will not write "./c.yaml": it is the catalog "c.yaml" that this command reads\n');
  });

  it('still replaces a copy of an input', async () => {
    const dir = scratchDir();
    copyFileSync(MINIMAL_CATALOG, join(dir, 'c.yaml'));
    copyFileSync(MINIMAL_CATALOG, join(dir, 'copy.yaml'));
    const run = await gacost(['--catalog', 'c.yaml', 'models', '--format', 'csv', '--out-file', 'copy.yaml'], { cwd: dir });
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(readFileSync(join(dir, 'copy.yaml'), 'utf8')).toMatch(/^id,/);
  });
});

describe('#19: control characters in names', () => {
  const hostileName = 'a\u001b[2J\u001b[31mPWNED\u0007 \u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\\r\t\u009b\u007fz';

  it('are written as escapes', () => {
    expect(escapeControls(hostileName)).toBe('a\\x1b[2J\\x1b[31mPWNED\\x07 \\x1b]8;;http://evil.example\\x1b\\click\\x1b]8;;\\x1b\\\\r\\t\\x9b\\x7fz');
    expect(escapeControls('plain · text, ✅ 50%')).toBe('plain · text, ✅ 50%');
  });

  it.each(['table', 'markdown'])('never reach a %s from a stage file or a budget file, and a catalog refuses them', async (format) => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'stages.yaml'), `- name: ${JSON.stringify(hostileName)}\n  tokens: 1M\n`);
    writeFileSync(join(dir, 'catalog.yaml'), readFileSync(MINIMAL_CATALOG, 'utf8').replace('name: Cheap', `name: ${JSON.stringify(hostileName)}`));
    budgetFile(dir, hostileName);
    const runs = [await gacost(['project', '--stages', 'stages.yaml', '--format', format, '--wide'], { cwd: dir }), await gacost(['check', '--format', format, '--wide'], { cwd: dir })];
    for (const run of runs) {
      expect(run.stdout).toContain('PWNED');
      expect(run.stdout).not.toMatch(CONTROL_BUT_NEWLINE);
      expect(run.stderr).not.toMatch(CONTROL_BUT_NEWLINE);
    }
    for (const args of [['models'], ['compare', '--tokens', '1M']]) {
      const run = await gacost(['--catalog', 'catalog.yaml', ...args, '--format', format, '--wide'], { cwd: dir });
      expect([run.errorCode, run.stdout]).toEqual(['invalid-catalog', '']);
      expect(run.stderr).toContain('holds a control character (U+001B at character 2)');
      expect(run.stderr).not.toMatch(CONTROL_BUT_NEWLINE);
    }
  });

  it('never reach stderr from a path', async () => {
    const run = await gacost(['--catalog', '\u001b[31mmissing\u0007.yaml', 'models']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unreadable-file' });
    expect(run.stderr).toMatch(/^gacost: error: cannot read catalog \\x1b\[31mmissing\\x07\.yaml: [^\n]+\n$/);
  });
});

describe('#20: every error is one line', () => {
  it('quotes an --out-file path', async () => {
    const target = join(scratchDir(), 'no\ndir', 'x.csv');
    const run = await gacost(['project', '--out-file', target]);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unwritable-file', stdout: '' });
    expect(run.stderr).toBe(`gacost: error: cannot write ${JSON.stringify(target)}: no such file or directory\n`);
  });

  it('keeps a newline that reaches an error on its line', async () => {
    const run = await gacost(['--catalog', 'missing\nfile.yaml', 'models']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unreadable-file' });
    expect(run.stderr).toBe('gacost: error: cannot read catalog missing\\nfile.yaml: no such file or directory\n');
  });
});

describe('#25: error format', () => {
  it.each([[[]], [['catalog']], [['--as-of', AS_OF]]])('gacost %j without a command is a one-line error', async (args) => {
    const run = await gacost(args);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'usage', stdout: '' });
    expect(run.stderr).toMatch(/^gacost: error: no (catalog )?command given; see gacost (catalog )?--help\n$/);
  });

  it('shows warn_at and fail_at as the budget file set them', async () => {
    const dir = scratchDir();
    budgetFile(dir, 'bot', 'warn_at: 0.0001%\nfail_at: 1000000.5%\n');
    const run = await gacost(['check'], { cwd: dir });
    expect(run.stdout).toContain('Warn at 0.0001% of a budget, fail above 1000000.5%.');
    expect(run.stderr).toContain('(warnings start at 0.0001%)');
  });
});
