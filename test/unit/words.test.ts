import { describe, expect, it } from 'vitest';
import { agree, counted, countedPhrase } from '../../src/output/words.js';

describe('words', () => {
  it('says a count with its noun in the singular for exactly one, thousands grouped', () => {
    expect(counted(1, 'record')).toBe('1 record');
    expect(counted(0, 'record')).toBe('0 records');
    expect(counted(2182, 'record')).toBe('2,182 records');
    expect(counted(1n, 'more entry', 'more entries')).toBe('1 more entry');
  });

  it('agrees a verb with a count or a list', () => {
    expect(agree(['global-api/deepseek-v4-flash'], 'publishes', 'publish')).toBe('publishes');
    expect(agree(['a', 'b'], 'publishes', 'publish')).toBe('publish');
    expect(agree(1, 'is', 'are')).toBe('is');
  });

  it("makes a reader's plural reason singular for one", () => {
    expect(countedPhrase(1, 'files that are not .jsonl')).toBe('1 file that is not .jsonl');
    expect(countedPhrase(1, 'user lines')).toBe('1 user line');
    expect(countedPhrase(1, 'files of OpenAI Costs API results: amounts in USD')).toBe(
      '1 file of OpenAI Costs API results: amounts in USD',
    );
    expect(countedPhrase(1, 'sockets and devices (a folder is searched)')).toBe('1 socket and device (a folder is searched)');
    expect(countedPhrase(3, 'records without a model')).toBe('3 records without a model');
  });
});
