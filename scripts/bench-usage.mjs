// npm run bench:usage: reading usage logs, gacost usage against what a team would otherwise run.
// Generates, into a temporary folder removed at exit (seeded, so every run reads the same bytes):
// - openai.jsonl: BENCH_USAGE_MB (default 1024) MB of whole OpenAI chat-completion responses, one a
//   line: content with escaped quotes, backslashes, newlines and non-ASCII text, keys in varying
//   order, nested "model" and "usage" keys as decoys (in a message's metadata, in tool-call
//   arguments, in the content), 30 OpenAI-compatible model names, `created` over a month;
// - claude/projects/<project>/<session>.jsonl: as many MB of Claude Code session logs in a few
//   hundred files: user prompts and tool results, progress lines, responses written as one line per
//   content block with the same message.id and requestId and output_tokens growing to the last
//   line, and `<synthetic>` lines (no API call).
// Then times each tool as a whole process, one run each after a read that warms the file cache:
// wall time, MB/s and peak memory (GNU time's %M: the largest process of the tree), and the totals
// it found: wc -l; a plain Node script (readline, JSON.parse of every line); DuckDB (@duckdb/node-api,
// read_json_auto + GROUP BY model; it uses every core); ccusage 20 (daily --json --offline, installed
// into a folder outside the project); gacost usage (once `gacost usage --help` exits 0), as it runs
// (two threads for inputs this large, on two cores or more) and in one thread (GACOST_USAGE_WORKERS=1),
// each with "same totals: yes" when its totals over priced and unpriced records equal the generator's.
// BENCH_USAGE_KEEP=FOLDER keeps the generated logs there, and a later run of the same size reads them again.
// The generator's own totals are printed first: every tool's should equal them.
//
// node scripts/bench-usage.mjs --pick: in-process, JSON.parse over BENCH_PICK_MB (default 128) MB of
// the same lines, each line's text read from a chunk decoded as UTF-8 or as Latin-1 (one character a
// byte, as the reader does: what it buys). A validating field picker and a quote-hopping scanner were
// measured here too, both slower than JSON.parse on Latin-1 text, and are not kept.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/gacost.cjs');
const MB = Number(process.env.BENCH_USAGE_MB ?? 1024);
const PICK_MB = Number(process.env.BENCH_PICK_MB ?? 128);
const CCUSAGE = 'ccusage@20.0.24';
/** ccusage is installed here once (outside the project and the temporary folder) and reused. */
const TOOLS = process.env.BENCH_USAGE_TOOLS ?? join(tmpdir(), 'gacost-bench-tools');

const keep = process.env.BENCH_USAGE_KEEP;
if (keep) mkdirSync(keep, { recursive: true });
const scratch = keep ? keep : mkdtempSync(join(tmpdir(), 'gacost-bench-usage-'));
const cleanUp = () => process.env.BENCH_USAGE_KEEP || rmSync(scratch, { recursive: true, force: true });
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// ---------------------------------------------------------------------------------------------
// Generation: a seeded generator, a pool of JSON-escaped texts, and line templates.

let seed = 0x9e3779b9;
/** mulberry32: a float in [0, 1). */
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const choose = (list) => list[Math.floor(random() * list.length)];
const hex = (length) => {
  let text = '';
  while (text.length < length)
    text += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return text.slice(0, length);
};
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const base62 = (length) => {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let text = '';
  for (let i = 0; i < length; i++) text += digits[Math.floor(random() * 62)];
  return text;
};

const PROSE = (
  'the a to of and in that is for it with as on be this by are or from at an not you can we your model token ' +
  'usage cost price request response cache input output function value return error file line code test data ' +
  'résumé naïve café über déjà-vu “quoted” ’apostrophe’ — 中文 日本語 한국어 Ελληνικά русский 🎉 ✓ → ≤'
).split(' ');
const CODE = [
  'const total = usage.prompt_tokens + usage.completion_tokens;',
  'if (line.includes("\\"model\\"")) { return JSON.parse(line); }',
  'path = "C:\\\\Users\\\\dev\\\\logs\\\\usage.jsonl"',
  'print(f"{model}: {cost:.4f} USD")',
  '    for (const [key, value] of Object.entries(record)) {',
  '{"model": "gpt-4o", "usage": {"prompt_tokens": 12, "completion_tokens": 3}}',
  'SELECT model, sum(prompt_tokens) FROM usage GROUP BY model;',
  "echo 'done' && exit 0",
  '\tregex = /\\d+\\.\\d+/g;',
  '}',
];
/** A text of about length characters: prose, sometimes with a fenced code block. */
function plainText(length) {
  let text = '';
  while (text.length < length) {
    if (random() < 0.15) {
      text += '\n\n```\n';
      for (let lines = int(2, 12); lines > 0; lines--) text += `${choose(CODE)}\n`;
      text += '```\n\n';
    } else {
      let sentence = '';
      for (let words = int(5, 18); words > 0; words--) sentence += `${choose(PROSE)} `;
      text += `${sentence.trim()}. `;
      if (random() < 0.2) text += '\n';
    }
  }
  return text;
}
/** JSON-escaped texts (no quotes around them), from a hundred characters to 12,000. */
const POOL = Array.from({ length: 512 }, () => {
  const length = random() < 0.1 ? int(4000, 12000) : int(100, 2500);
  return JSON.stringify(plainText(length)).slice(1, -1);
});

const OPENAI_MODELS = [
  'gpt-4o-2024-08-06',
  'gpt-4o-2024-11-20',
  'gpt-4o-mini-2024-07-18',
  'gpt-4.1-2025-04-14',
  'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano-2025-04-14',
  'o1-2024-12-17',
  'o3-2025-04-16',
  'o3-mini-2025-01-31',
  'o4-mini-2025-04-16',
  'gpt-5-2025-08-07',
  'gpt-5-mini-2025-08-07',
  'gpt-5-nano-2025-08-07',
  'gpt-3.5-turbo-0125',
  'gpt-4-turbo-2024-04-09',
  'chatgpt-4o-latest',
  'deepseek-chat',
  'deepseek-reasoner',
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-2.0-flash',
  'mistral-large-latest',
  'mistral-small-latest',
  'llama-3.3-70b-versatile',
  'qwen-plus',
  'grok-3',
  'grok-3-mini',
  'moonshot-v1-8k',
  'glm-4.5',
  'gpt-oss-120b',
];
const MONTH_START = 1761955200; // 2025-11-01T00:00:00Z

/** Adds [a, b, …] into totals[model]. */
function addTo(totals, model, values) {
  const sums = (totals[model] ??= values.map(() => 0));
  for (const [at, value] of values.entries()) sums[at] += value;
}

/** Writes lines in chunks of about 8 MB to file; returns the bytes written. */
function chunkedWriter(file) {
  const fd = openSync(file, 'w');
  let parts = [];
  let pending = 0;
  let written = 0;
  const flush = () => {
    if (parts.length === 0) return;
    written += writeSync(fd, parts.join(''));
    parts = [];
    pending = 0;
  };
  return {
    line(text) {
      parts.push(text, '\n');
      pending += text.length + 1;
      if (pending > 8 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
      return written;
    },
  };
}

function openaiUsage(prompt, completion, cached, reasoning, order) {
  const details = `"prompt_tokens_details":{"cached_tokens":${cached},"audio_tokens":0}`;
  const completionDetails = `"completion_tokens_details":{"reasoning_tokens":${reasoning},"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}`;
  return order === 0
    ? `{"prompt_tokens":${prompt},"completion_tokens":${completion},"total_tokens":${prompt + completion},${details},${completionDetails}}`
    : `{"total_tokens":${prompt + completion},${completionDetails},"completion_tokens":${completion},${details},"prompt_tokens":${prompt}}`;
}

/** One OpenAI-format response line; adds its usage to totals. */
function openaiLine(totals, index) {
  const model = OPENAI_MODELS[Math.floor(random() ** 2 * OPENAI_MODELS.length)];
  const prompt = int(20, 30000);
  const completion = int(1, 4000);
  const cached = random() < 0.4 ? Math.floor(prompt / 1024) * 1024 : 0;
  const reasoning = model.startsWith('o') || model.startsWith('gpt-5') ? Math.floor(completion * random()) : 0;
  addTo(totals, model, [prompt, completion]);
  const id = `"chatcmpl-${base62(29)}"`;
  const created = MONTH_START + Math.floor(random() * 30 * 86400);
  const content = choose(POOL);
  const usage = openaiUsage(prompt, completion, cached, reasoning, index % 3 === 0 ? 1 : 0);
  const fingerprint = `"fp_${hex(10)}"`;
  switch (index % 4) {
    case 0:
      return `{"id":${id},"object":"chat.completion","created":${created},"model":"${model}","choices":[{"index":0,"message":{"role":"assistant","content":"${content}","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":${usage},"service_tier":"default","system_fingerprint":${fingerprint}}`;
    case 1:
      // Usage first, and decoys inside the message: its own "model" and "usage".
      return `{"usage":${usage},"choices":[{"finish_reason":"stop","index":0,"message":{"content":"${content}","role":"assistant","metadata":{"model":"decoy-${model}","usage":{"prompt_tokens":999999,"completion_tokens":999999}}}}],"created":${created},"id":${id},"model":"${model}","object":"chat.completion","system_fingerprint":${fingerprint}}`;
    case 2: {
      // A tool call whose arguments (a JSON text in a string) name a model and a usage.
      const args = JSON.stringify(JSON.stringify({ model: 'gpt-decoy', usage: { prompt_tokens: 7 }, query: 'SELECT 1' }));
      return `{"id":${id},"object":"chat.completion","created":${created},"model":"${model}","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_${base62(24)}","type":"function","function":{"name":"lookup_usage","arguments":${args}}}],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],"usage":${usage},"service_tier":"default","system_fingerprint":${fingerprint}}`;
    }
    default:
      // Two choices, a provider key and whitespace after the separators, as some gateways write.
      return `{"id": ${id}, "provider": "compatible", "model": "${model}", "object": "chat.completion", "created": ${created}, "choices": [{"index": 0, "message": {"role": "assistant", "content": "${content}"}, "finish_reason": "stop"}, {"index": 1, "message": {"role": "assistant", "content": "${choose(POOL)}", "model": "decoy"}, "finish_reason": "length"}], "usage": ${usage}}`;
  }
}

function generateOpenai(file, bytes) {
  const totals = {};
  const out = chunkedWriter(file);
  let written = 0;
  let lines = 0;
  while (written < bytes) {
    const line = openaiLine(totals, lines++);
    written += Buffer.byteLength(line) + 1;
    out.line(line);
  }
  return { bytes: out.close(), lines, totals };
}

const CLAUDE_MODELS = [
  'claude-sonnet-4-5-20250929',
  'claude-opus-4-6',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-1-20250805',
  'claude-sonnet-4-20250514',
];

/** A session file of about bytes; adds to totals.last (the last line of each response) and totals.first. */
function claudeSession(out, totals, project, bytes) {
  const sessionId = uuid();
  const cwd = `/home/dev/projects/${project}`;
  let time = Date.UTC(2026, 1, 1) + Math.floor(random() * 28 * 86400000);
  let parent = null;
  let written = 0;
  const common = () =>
    `"isSidechain":false,"userType":"external","cwd":"${cwd}","sessionId":"${sessionId}","version":"2.1.38","gitBranch":"main"`;
  const emit = (line) => {
    written += line.length + 1;
    out.line(line);
  };
  const stamp = () => new Date((time += int(200, 20000))).toISOString();
  const link = () => {
    const id = uuid();
    const text = `"parentUuid":${parent === null ? 'null' : `"${parent}"`}`;
    parent = id;
    return [text, id];
  };
  while (written < bytes) {
    let [parentText, id] = link();
    emit(
      `{${parentText},${common()},"type":"user","message":{"role":"user","content":"${choose(POOL).slice(0, 400).replace(/\\+$/, '')}"},"uuid":"${id}","timestamp":"${stamp()}","permissionMode":"default"}`,
    );
    for (let turn = int(1, 6); turn > 0; turn--) {
      [parentText, id] = link();
      emit(
        `{${parentText},${common()},"type":"progress","data":{"type":"hook_progress","hookEvent":"PreToolUse","hookName":"PreToolUse:Bash","command":"echo \\"model\\": usage"},"toolUseID":"toolu_${base62(24)}","timestamp":"${stamp()}","uuid":"${id}"}`,
      );
      const model = choose(CLAUDE_MODELS);
      const messageId = `msg_${base62(24)}`;
      const requestId = `req_${base62(24)}`;
      const input = int(1, 50);
      const cacheWrite = random() < 0.5 ? int(0, 20000) : 0;
      const cacheRead = int(0, 150000);
      const output = int(1, 3000);
      const blocks = int(1, 4);
      addTo(totals.first, model, [input, Math.max(1, Math.floor(output / blocks)), cacheWrite, cacheRead]);
      addTo(totals.last, model, [input, output, cacheWrite, cacheRead]);
      for (let block = 1; block <= blocks; block++) {
        const shown = block === blocks ? output : Math.max(1, Math.floor((output * block) / blocks));
        const content =
          block === blocks && random() < 0.5
            ? `{"type":"tool_use","id":"toolu_${base62(24)}","name":"Bash","input":{"command":"grep -r \\"model\\" .","description":"find \\"usage\\""}}`
            : block === 1 && blocks > 1
              ? `{"type":"thinking","thinking":"${choose(POOL)}","signature":"${base62(300)}"}`
              : `{"type":"text","text":"${choose(POOL)}"}`;
        [parentText, id] = link();
        emit(
          `{${parentText},${common()},"message":{"model":"${model}","id":"${messageId}","type":"message","role":"assistant","content":[${content}],"stop_reason":null,"stop_sequence":null,` +
            `"usage":{"input_tokens":${input},"cache_creation_input_tokens":${cacheWrite},"cache_read_input_tokens":${cacheRead},"cache_creation":{"ephemeral_5m_input_tokens":${cacheWrite},"ephemeral_1h_input_tokens":0},"output_tokens":${shown},"service_tier":"standard"}},` +
            `"requestId":"${requestId}","type":"assistant","uuid":"${id}","timestamp":"${stamp()}"}`,
        );
      }
      [parentText, id] = link();
      emit(
        `{${parentText},${common()},"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_${base62(24)}","type":"tool_result","content":"${choose(POOL)}","is_error":false}]},"uuid":"${id}","timestamp":"${stamp()}","toolUseResult":{"stdout":"${choose(POOL).slice(0, 300).replace(/\\+$/, '')}","stderr":"","interrupted":false}}`,
      );
    }
    if (random() < 0.05) {
      [parentText, id] = link();
      emit(
        `{${parentText},${common()},"type":"assistant","uuid":"${id}","timestamp":"${stamp()}","message":{"id":"${uuid()}","container":null,"model":"<synthetic>","role":"assistant","stop_reason":"stop_sequence","stop_sequence":"","type":"message",` +
          `"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"server_tool_use":{"web_search_requests":0},"service_tier":null},"content":[{"type":"text","text":"No response requested."}]},"isApiErrorMessage":false}`,
      );
    }
  }
  return written;
}

function generateClaude(folder, bytes) {
  const totals = { first: {}, last: {} };
  const files = Math.max(4, Math.round(bytes / (2.5 * 1024 * 1024)));
  let written = 0;
  let lines = 0;
  for (let file = 0; file < files; file++) {
    const project = `-home-dev-projects-app-${file % 17}`;
    mkdirSync(join(folder, 'projects', project), { recursive: true });
    const out = chunkedWriter(join(folder, 'projects', project, `${uuid()}.jsonl`));
    const wrapped = {
      line: (text) => {
        lines++;
        return out.line(text);
      },
    };
    claudeSession(wrapped, totals, project, bytes / files);
    written += out.close();
  }
  return { bytes: written, lines, files, totals };
}

// ---------------------------------------------------------------------------------------------
// Measuring.

/** One whole-process run: wall ms, peak RSS in MB of its largest process, stdout, or why it failed. */
function measure(command, args, env = process.env) {
  const start = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb=%M', command, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const stderr = run.stderr?.toString() ?? '';
  const peak = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
  const failure = run.error
    ? run.error.message
    : run.status === 0
      ? null
      : `exited ${run.status}: ${stderr
          .replace(/peak-rss-kb=\d+\s*|Command exited with non-zero status \d+\s*/g, '')
          .trim()
          .slice(0, 300)}`;
  return { ms, peak, stdout: run.stdout?.toString() ?? '', failure };
}

const rows = [];
function row(input, bytes, tool, result, totals) {
  rows.push({
    input,
    tool,
    seconds: result.ms / 1000,
    mbs: bytes / 1048576 / (result.ms / 1000),
    peak: result.peak,
    totals: result.failure ?? totals,
  });
  const last = rows.at(-1);
  console.log(
    `  ${tool.padEnd(34)} ${last.seconds.toFixed(2).padStart(7)} s ${last.mbs.toFixed(0).padStart(6)} MB/s ${last.peak.toFixed(0).padStart(6)} MB  ${last.totals}`,
  );
}
const skip = (tool, why) => console.log(`  ${tool.padEnd(34)} skipped: ${why}`);

/** Totals as one short text: per-field sums over all models, and the number of models. */
function summarize(byModel) {
  const models = Object.keys(byModel).filter((model) => model !== '<synthetic>');
  const sums = [];
  for (const model of models) for (const [at, value] of byModel[model].entries()) sums[at] = (sums[at] ?? 0) + Number(value);
  return `${models.length} models, ${sums.join(' / ')}`;
}

const PLAIN_OPENAI = `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
const totals = {};
for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
  if (line === '') continue;
  const record = JSON.parse(line);
  const sums = (totals[record.model] ??= [0, 0]);
  sums[0] += record.usage?.prompt_tokens ?? 0;
  sums[1] += record.usage?.completion_tokens ?? 0;
}
console.log(JSON.stringify(totals));
`;
const PLAIN_CLAUDE = `
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
const responses = new Map();
const projects = join(process.argv[2], 'projects');
for (const project of readdirSync(projects)) {
  for (const name of readdirSync(join(projects, project))) {
    if (!name.endsWith('.jsonl')) continue;
    for await (const line of createInterface({ input: createReadStream(join(projects, project, name)), crlfDelay: Infinity })) {
      if (line === '') continue;
      const record = JSON.parse(line);
      const message = record.message;
      if (record.type !== 'assistant' || !message?.usage || message.model === '<synthetic>') continue;
      responses.set(\`\${message.id}:\${record.requestId ?? ''}\`, { model: message.model, usage: message.usage }); // the last line of a response counts
    }
  }
}
const totals = {};
for (const { model, usage } of responses.values()) {
  const sums = (totals[model] ??= [0, 0, 0, 0]);
  sums[0] += usage.input_tokens ?? 0;
  sums[1] += usage.output_tokens ?? 0;
  sums[2] += usage.cache_creation_input_tokens ?? 0;
  sums[3] += usage.cache_read_input_tokens ?? 0;
}
console.log(JSON.stringify(totals));
`;

function duckdbScript() {
  let api;
  try {
    api = createRequire(join(ROOT, 'package.json')).resolve('@duckdb/node-api');
  } catch {
    return null;
  }
  return `
import { DuckDBInstance } from ${JSON.stringify(pathToFileURL(api).href)};
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const path = process.argv[2].replaceAll("'", "''");
const reader = await connection.runAndReadAll(\`SELECT model, sum(usage.prompt_tokens)::BIGINT AS prompt, sum(usage.completion_tokens)::BIGINT AS completion FROM read_json_auto('\${path}', format='newline_delimited') GROUP BY model\`);
const totals = {};
for (const row of reader.getRowObjectsJson()) totals[row.model] = [Number(row.prompt), Number(row.completion)];
console.log(JSON.stringify(totals));
`;
}

/** ccusage's launcher, installed once into TOOLS (not the project); or why it is not there. */
function ccusageBin() {
  const folder = join(TOOLS, CCUSAGE.replace('@', '-'));
  const bin = join(folder, 'node_modules/ccusage/src/cli.js');
  if (existsSync(bin)) return { bin };
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), '{"private":true}\n');
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', CCUSAGE], {
      cwd: folder,
      stdio: 'pipe',
    });
    return existsSync(bin) ? { bin } : { why: `npm installed ${CCUSAGE} without ${bin}` };
  } catch (error) {
    return {
      why: `npm install ${CCUSAGE} failed: ${String(error.stderr ?? error.message)
        .trim()
        .split('\n')
        .slice(-2)
        .join(' ')}`,
    };
  }
}

function gacostUsageBuilt() {
  // Commander answers --help of an unknown command with the main help, exit 0: the usage command's
  // own help names it.
  const help = spawnSync(process.execPath, [BIN, 'usage', '--help'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return help.status === 0 && /gacost usage/.test(help.stdout.toString());
}

/**
 * gacost usage's totals over every record, priced or not (its JSON totals count priced records; the
 * unpriced ones are listed by name with their input and output), as the generator counts them:
 * openai prompt / completion; claude input (uncached) / output / cache writes / cache reads.
 */
function gacostTotals(stdout, kind) {
  let parsed;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return { text: stdout.slice(0, 160).replace(/\s+/g, ' '), sums: null };
  }
  const t = parsed.totals;
  const input = t.input_tokens + parsed.unpriced.reduce((sum, entry) => sum + entry.input_tokens, 0);
  const output = t.output_tokens + parsed.unpriced.reduce((sum, entry) => sum + entry.output_tokens, 0);
  const records = `${t.records + t.unpriced_records} records (${t.unpriced_records} unpriced)`;
  if (kind === 'openai') return { text: `${records}, ${input} / ${output}`, sums: [input, output] };
  // Cache reads and writes are told of priced records only: the claude models are all in the catalog.
  if (t.unpriced_records > 0) return { text: `${records}: cache reads and writes unknown`, sums: null };
  const sums = [input - t.cache_write_tokens - t.cached_input_tokens, output, t.cache_write_tokens, t.cached_input_tokens];
  return { text: `${records}, ${sums.join(' / ')}`, sums };
}

/** Per-field sums over all models of the generator's totals. */
function expectedSums(byModel) {
  const sums = [];
  for (const values of Object.values(byModel)) for (const [at, value] of values.entries()) sums[at] = (sums[at] ?? 0) + value;
  return sums;
}

function warm(paths) {
  spawnSync('cat', paths, { stdio: ['ignore', 'ignore', 'ignore'] });
}

function benchOpenai(file, bytes, expected) {
  const label = `openai.jsonl (${(bytes / 1048576).toFixed(0)} MB)`;
  console.log(`\n${label}`);
  warm([file]);
  const wc = measure('wc', ['-l', file]);
  row(label, bytes, 'wc -l', wc, `${wc.stdout.trim().split(/\s+/)[0]} lines`);
  const plain = join(scratch, 'plain-openai.mjs');
  writeFileSync(plain, PLAIN_OPENAI);
  const node = measure(process.execPath, [plain, file]);
  row(label, bytes, 'node: readline + JSON.parse', node, node.failure ?? summarize(JSON.parse(node.stdout)));
  const duck = duckdbScript();
  if (duck === null) {
    skip('duckdb (@duckdb/node-api)', 'not installed (npm ci installs the devDependency)');
  } else {
    writeFileSync(join(scratch, 'duckdb.mjs'), duck);
    const result = measure(process.execPath, [join(scratch, 'duckdb.mjs'), file]);
    row(label, bytes, 'duckdb read_json_auto (all cores)', result, result.failure ?? summarize(JSON.parse(result.stdout)));
  }
  gacostRows(label, bytes, file, 'openai', expected);
}

/** gacost usage, as it runs and in one thread (GACOST_USAGE_WORKERS=1); whether it found the generator's totals. */
function gacostRows(label, bytes, path, kind, expected) {
  if (!gacostUsageBuilt()) {
    console.log('  gacost usage: not built yet');
    return;
  }
  for (const [tool, threads] of [
    ['gacost usage --format json', undefined],
    ['gacost usage, one thread', '1'],
  ]) {
    const env = { ...process.env };
    if (threads !== undefined) env.GACOST_USAGE_WORKERS = threads;
    const result = measure(process.execPath, [BIN, 'usage', path, '--format', 'json'], env);
    const totals = result.failure === null ? gacostTotals(result.stdout, kind) : { text: result.failure, sums: null };
    const same = totals.sums !== null && JSON.stringify(totals.sums) === JSON.stringify(expectedSums(expected));
    row(label, bytes, tool, result, `${totals.text}; same totals: ${same ? 'yes' : 'no'}`);
  }
}

function benchClaude(folder, bytes, files, expected) {
  const label = `claude folder (${(bytes / 1048576).toFixed(0)} MB)`;
  console.log(`\n${label}`);
  warm(files);
  const wc = measure('wc', ['-l', ...files]);
  row(label, bytes, 'wc -l', wc, `${wc.stdout.trim().split('\n').at(-1).trim().split(/\s+/)[0]} lines`);
  const plain = join(scratch, 'plain-claude.mjs');
  writeFileSync(plain, PLAIN_CLAUDE);
  const node = measure(process.execPath, [plain, folder]);
  row(label, bytes, 'node: readline + JSON.parse', node, node.failure ?? summarize(JSON.parse(node.stdout)));
  const ccusage = ccusageBin();
  if (ccusage.bin === undefined) {
    skip(`ccusage ${CCUSAGE.split('@')[1]}`, ccusage.why);
  } else {
    const env = { ...process.env, CLAUDE_CONFIG_DIR: folder, TZ: 'UTC' };
    const result = measure(process.execPath, [ccusage.bin, 'daily', '--json', '--offline'], env);
    let totals = result.failure;
    if (totals === null) {
      try {
        const t = JSON.parse(result.stdout).totals;
        totals = `${t.inputTokens} / ${t.outputTokens} / ${t.cacheCreationTokens} / ${t.cacheReadTokens}`;
      } catch {
        totals = result.stdout.slice(0, 160);
      }
    }
    row(label, bytes, `ccusage ${CCUSAGE.split('@')[1]} daily --json`, result, totals);
  }
  gacostRows(label, bytes, join(folder, 'projects'), 'claude', expected);
}

// ---------------------------------------------------------------------------------------------
// --pick: JSON.parse of lines decoded as UTF-8 against Latin-1 (what the reader does), in-process.

async function pickBench() {
  const bytes = PICK_MB * 1048576;
  const openai = { totals: {}, lines: [] };
  for (let size = 0, index = 0; size < bytes; index++) {
    const line = openaiLine(openai.totals, index);
    size += Buffer.byteLength(line) + 1;
    openai.lines.push(line);
  }
  const claude = { lines: [], totals: { first: {}, last: {} } };
  claudeSession({ line: (text) => claude.lines.push(text) }, claude.totals, 'p', bytes);
  const utf8 = (buffer, start, end) => buffer.toString('utf8', start, end);
  const latin1 = (buffer, start, end) => buffer.latin1Slice(start, end);
  /** A picked string as its UTF-8 text, when the line was read as Latin-1. */
  const fromLatin1 = (raw) => (/^[\x00-\x7f]*$/.test(raw) ? raw : Buffer.from(raw, 'latin1').toString('utf8'));
  const readers = {
    'JSON.parse, UTF-8': {
      decode: utf8,
      line(text, start, end, sums) {
        const record = JSON.parse(text.slice(start, end));
        sums.n += record.usage?.prompt_tokens ?? record.message?.usage?.output_tokens ?? 0;
        sums.models += record.model?.length ?? record.message?.model?.length ?? 0;
      },
    },
    'JSON.parse, Latin-1': {
      decode: latin1,
      line(text, start, end, sums) {
        const record = JSON.parse(text.slice(start, end));
        sums.n += record.usage?.prompt_tokens ?? record.message?.usage?.output_tokens ?? 0;
        sums.models += fromLatin1(record.model ?? record.message?.model ?? '').length;
      },
    },
  };
  console.log(
    `JSON.parse of UTF-8 and of Latin-1 text, in-process: ${PICK_MB} MB of each kind of line, read from 1 MB chunks (decoding included); best of 5`,
  );
  for (const [kind, lines] of [
    ['openai', openai.lines],
    ['claude code', claude.lines],
  ]) {
    // Whole lines in chunks of about 1 MB, as a reader splitting at newlines sees them.
    const chunks = [];
    for (let at = 0; at < lines.length; ) {
      const parts = [];
      let size = 0;
      while (at < lines.length && size < 1 << 20) {
        parts.push(lines[at], '\n');
        size += lines[at++].length + 1;
      }
      chunks.push(Buffer.from(parts.join('')));
    }
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const results = {};
    for (const [name, reader] of Object.entries({
      'decode only, UTF-8': { decode: utf8 },
      'decode only, Latin-1': { decode: latin1 },
      ...readers,
    })) {
      let best = Infinity;
      let sums;
      for (let round = 0; round < 5; round++) {
        sums = { n: 0, models: 0 };
        const start = performance.now();
        for (const chunk of chunks) {
          const text = reader.decode(chunk, 0, chunk.length);
          if (reader.line === undefined) continue;
          for (let from = 0; from < text.length; ) {
            const newline = text.indexOf('\n', from);
            reader.line(text, from, newline, sums);
            from = newline + 1;
          }
        }
        best = Math.min(best, performance.now() - start);
      }
      results[name] = sums;
      console.log(
        `  ${kind.padEnd(12)} ${name.padEnd(22)} ${(total / 1048576 / (best / 1000)).toFixed(0).padStart(6)} MB/s${reader.line ? `  (sums ${sums.n}, ${sums.models})` : ''}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** Other work on the machine skews every figure: say how busy it was. */
const load = () =>
  `load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${cpus().length} cores`;
console.log(`bench-usage, ${load()}`);
process.on('exit', () => console.log(`bench-usage done, ${load()}`));

if (process.argv.includes('--pick')) {
  await pickBench();
} else {
  const bytes = MB * 1048576;
  const start = performance.now();
  const openaiFile = join(scratch, 'openai.jsonl');
  const claudeFolder = join(scratch, 'claude');
  // Logs kept by an earlier run of the same size are read again, with the totals it wrote beside them.
  const kept = join(scratch, 'generated.json');
  const earlier = process.env.BENCH_USAGE_KEEP && existsSync(kept) ? JSON.parse(readFileSync(kept, 'utf8')) : undefined;
  let openai;
  let claude;
  if (earlier?.mb === MB) {
    ({ openai, claude } = earlier);
    console.log(`kept from an earlier run (${kept})`);
  } else {
    rmSync(claudeFolder, { recursive: true, force: true });
    openai = generateOpenai(openaiFile, bytes);
    claude = generateClaude(claudeFolder, bytes);
    if (process.env.BENCH_USAGE_KEEP) writeFileSync(kept, JSON.stringify({ mb: MB, openai, claude }));
  }
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(
    `generated in ${seconds} s: openai.jsonl ${openai.lines} lines ${(openai.bytes / 1048576).toFixed(0)} MB; claude ${claude.files} files ${claude.lines} lines ${(claude.bytes / 1048576).toFixed(0)} MB`,
  );
  console.log(`expected totals, openai (prompt / completion): ${summarize(openai.totals)}`);
  console.log(
    `expected totals, claude (input / output / cache writes / cache reads), the last line of each response: ${summarize(claude.totals.last)}`,
  );
  console.log(
    `                                                                  the first line of each response: ${summarize(claude.totals.first)}`,
  );
  const files = [];
  const projects = join(claudeFolder, 'projects');
  for (const project of readdirSync(projects))
    for (const name of readdirSync(join(projects, project))) files.push(join(projects, project, name));
  benchOpenai(openaiFile, openai.bytes, openai.totals);
  benchClaude(claudeFolder, claude.bytes, files, claude.totals.last);
  console.log('\ninput | tool | seconds | MB/s | peak MB | totals');
  for (const r of rows)
    console.log(`${r.input} | ${r.tool} | ${r.seconds.toFixed(2)} | ${r.mbs.toFixed(0)} | ${r.peak.toFixed(0)} | ${r.totals}`);
}
