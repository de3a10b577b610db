import type { UsageRecord } from '../../core/usage.js';
import { costOf, type Emit, isObject, type LineFormat, objectAt, text } from '../usage-format.js';
import { anthropicRecord } from './anthropic.js';

/**
 * Claude Code session logs (`~/.claude/projects/<project>/<session>.jsonl`, subagents' too). Claude
 * Code writes a line per content block of a response, each repeating the response's `message.id` and
 * `requestId` with usage that grows while it streams: one record per response, from its line with the
 * most output (the last of those), grouped by `message.id` and `requestId` (by `message.id` alone where
 * `requestId` is missing). A response seen in an earlier file (a resumed session copies its history)
 * counts once: each is emitted with its id, which the run counts once. `<synthetic>` lines are not
 * API calls.
 */
export const claudeCodeFormat: LineFormat = {
  kind: 'lines',
  name: 'claude-code',
  wholeFile: true,
  detect: (value) => typeof value.sessionId === 'string' || (value.type === 'assistant' && isObject(value.message)),
  note: "Claude Code's logs write output counts while a response streams: the output tokens they give are a lower bound",
  open: (path, times) => {
    const project = /(?:^|[\\/])projects[\\/]([^\\/]+)[\\/]/.exec(path)?.[1];
    // Keyed by the response's id; a response without one by a key of its own, which no id can take.
    const pending = new Map<string | symbol, { record: UsageRecord; output: number }>();
    let duplicates = 0;
    return {
      line(value) {
        if (!isObject(value)) return 'not an object';
        const message = objectAt(value, 'message');
        // Lines of older versions (and ccusage's fixtures) carry no type: a message with usage is an answer.
        const untypedAnswer = value.type === undefined && isObject(message.usage);
        if (value.type !== 'assistant' && !untypedAnswer) return `${text(value.type) ?? 'untyped'} lines`;
        if (!isObject(message.usage)) return 'assistant lines without usage';
        if (message.model === '<synthetic>') return '<synthetic> lines (not API calls)';
        const messageId = text(message.id);
        const requestId = text(value.requestId);
        const usage = anthropicRecord(
          value,
          objectAt(message, 'usage'),
          {
            model: message.model,
            time: value.timestamp,
            timeField: 'timestamp',
            ...(text(value.sessionId) === undefined ? {} : { session: text(value.sessionId) }),
            ...(project === undefined ? {} : { project }),
          },
          times,
        );
        // Older Claude Code versions wrote the cost they computed.
        const cost = costOf(value.costUSD, 'costUSD');
        const record = cost === undefined ? usage : { ...usage, reportedCost: cost };
        const id = messageId === undefined ? undefined : requestId === undefined ? messageId : `${messageId}\u0000${requestId}`;
        if (id === undefined) {
          pending.set(Symbol('a response without an id'), { record, output: record.outputTokens });
          return undefined;
        }
        const earlier = pending.get(id);
        if (earlier !== undefined) duplicates += 1;
        if (earlier === undefined || record.outputTokens >= earlier.output) {
          // A line of the response may carry its server tools' use and a later one not: the searches it ran are the most any line says.
          const searches = Math.max(record.webSearches ?? 0, earlier?.record.webSearches ?? 0);
          pending.set(id, { record: searches === 0 ? record : { ...record, webSearches: searches }, output: record.outputTokens });
        }
        return undefined;
      },
      end(emit: Emit) {
        for (const [id, { record }] of pending) emit(record, typeof id === 'string' ? id : undefined);
        return duplicates;
      },
    };
  },
};
