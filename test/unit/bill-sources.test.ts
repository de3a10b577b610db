import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBill } from '../../src/bill/read-bill.js';
import { isGacostError } from '../../src/errors.js';

const DIR = 'test/fixtures/bills';
const read = (name: string, from?: Parameters<typeof readBill>[2]) =>
  readBill(`${DIR}/${name}`, readFileSync(`${DIR}/${name}`, 'utf8'), from);
/** A line's fields a reconciliation reads, the amount as exact text at 10^-15. */
const brief = (name: string) =>
  read(name).lines.map((line) => [
    line.start,
    line.end,
    line.provider,
    line.item,
    line.category,
    line.amount.toString(),
    line.currency,
    line.position,
  ]);
const refusal = (file: string, text: string) => {
  try {
    readBill(file, text, undefined);
  } catch (error) {
    if (isGacostError(error)) return [error.code, error.message];
    throw error;
  }
  return undefined;
};

describe('bill sources, each told by its shape', () => {
  it("reads OpenAI's Costs API pages: a bucket's days, the line item's model and category, amounts by their own digits", () => {
    expect(read('openai-costs.json').source).toBe('openai-costs');
    expect(brief('openai-costs.json')).toEqual([
      ['2026-10-01', '2026-10-01', 'openai', 'gpt-4o-mini-2024-07-18', 'usage', '210000000000000', 'USD', `${DIR}/openai-costs.json:9`],
      ['2026-10-01', '2026-10-01', 'openai', 'web search tool calls', 'web-search', '70000000000000', 'USD', `${DIR}/openai-costs.json:10`],
      // A kind of tokens alone names no model; 1.5e-3 is read from its text.
      ['2026-10-02', '2026-10-02', 'openai', null, 'usage', '1500000000000', 'USD', `${DIR}/openai-costs.json:18`],
    ]);
    expect(brief('openai-costs-spec.json')).toEqual([
      ['2024-11-01', '2024-11-01', 'openai', null, 'usage', '60000000000000', 'USD', `${DIR}/openai-costs-spec.json:9`],
    ]);
  });

  it("reads Anthropic's cost report: amounts in cents, the cost type as the category", () => {
    expect(brief('anthropic-costs.json')).toEqual([
      [
        '2026-10-01',
        '2026-10-01',
        'anthropic',
        'claude-sonnet-4-20250514',
        'usage',
        '1234500000000000',
        'USD',
        `${DIR}/anthropic-costs.json:7`,
      ],
      ['2026-10-01', '2026-10-01', 'anthropic', 'Web Search', 'web-search', '500000000000000', 'USD', `${DIR}/anthropic-costs.json:8`],
    ]);
  });

  it("reads OpenRouter's billed cost per response (undated where a saved body has no time) and its activity export", () => {
    const lines = read('openrouter.jsonl').lines;
    expect(lines.map((line) => [line.start, line.item, line.amount.toString(), line.id])).toEqual([
      [undefined, 'anthropic/claude-4.5-sonnet-20250929', '102000000000', `${DIR}/openrouter.jsonl:1`],
      [undefined, 'google/gemini-2.5-flash', '151000000000', `${DIR}/openrouter.jsonl:2`],
      ['2026-10-13', 'openai/gpt-4.1', '1200000000000', 'gen-1'],
      ['2026-10-13', 'openai/gpt-4.1', '1200000000000', 'gen-1'],
    ]);
    expect(brief('openrouter-activity.json')).toEqual([
      ['2025-08-24', '2025-08-24', 'openrouter', 'openai/gpt-4.1', 'usage', '15000000000000', 'USD', `${DIR}/openrouter-activity.json:3`],
    ]);
  });

  it("reads LiteLLM's spend per request, to 15 decimal places (its float's tail rounded)", () => {
    expect(read('litellm-spend.json').lines.map((line) => [line.start, line.provider, line.item, line.amount.toString(), line.id])).toEqual(
      [['2025-01-24', 'openai', 'gpt-4o', '225000000000', 'chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027']],
    );
  });

  it("reads FOCUS CSV: BilledCost, the ChargePeriod's days (its end exclusive), ModelId of SkuPriceDetails, tax and credit by ChargeCategory", () => {
    expect(brief('focus.csv')).toEqual([
      [
        '2026-10-01',
        '2026-10-01',
        'Amazon Web Services',
        'anthropic.claude-sonnet-4-5-20250929-v1:0',
        'usage',
        '12500000000000000',
        'USD',
        `${DIR}/focus.csv:2`,
      ],
      ['2026-10-01', '2026-10-31', 'Amazon Web Services', 'Sales tax', 'tax', '1250000000000000', 'USD', `${DIR}/focus.csv:3`],
      ['2026-10-01', '2026-10-31', 'Amazon Web Services', 'Promotional credit', 'credit', '-2000000000000000', 'USD', `${DIR}/focus.csv:4`],
    ]);
  });

  it('reads a plain CSV, the category from the words where no column says it', () => {
    expect(brief('invoice-eur.csv')).toEqual([
      ['2026-10-01', '2026-10-01', 'Mistral', 'mistral-large-latest', 'usage', '10000000000000000', 'EUR', `${DIR}/invoice-eur.csv:2`],
      ['2026-10-01', '2026-10-01', 'Mistral', 'VAT', 'tax', '2000000000000000', 'EUR', `${DIR}/invoice-eur.csv:3`],
    ]);
  });

  it('refuses a file of no source, and a line it cannot read, at its place', () => {
    expect(refusal('x.json', '{"hello": 1}')?.[1]).toMatch(/^x\.json: not a bill gacost reads/);
    expect(refusal('x.csv', 'date,provider,model,amount,currency\n2026-10-01,openai,gpt-4o,1.2.3,USD\n')).toEqual([
      'invalid-bill',
      'x.csv:2: amount: "1.2.3" is not a decimal amount',
    ]);
    expect(refusal('x.jsonl', '{"model":"a","usage":{"cost":1}}\n{oops\n')?.[1]).toMatch(/^x\.jsonl:2: not JSON/);
    expect(() => read('openai-costs.json', 'focus')).toThrow(/not a focus bill/);
  });
});
