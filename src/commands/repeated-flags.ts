import type { EventEmitter } from 'node:events';
import type { Command } from '@commander-js/extra-typings';
import { GacostError } from '../errors.js';

/** The parser of a flag that may be repeated and adds up (`--by day --by model`), comma-separated too. */
export const repeatedList = (value: string, previous: string[] | undefined) => [
  ...(previous ?? []),
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
];

/**
 * Refuses a flag of one value given twice (`--from openai --from anthropic`): commander would keep
 * the last without a word. Every such flag of the command, so none is left out: a flag that takes
 * a list (`--model a b`) or adds up (repeatedList) may be repeated; one with a default is refused
 * only when given twice, its default not counted.
 */
export function refuseRepeatedFlags(command: Command<any, any, any>): void {
  for (const option of command.options) {
    if (!(option.required || option.optional) || option.variadic || option.parseArg === repeatedList) continue;
    const key = option.attributeName();
    // Before commander's own handler stores this value: a value already there from the command line is a repeat.
    // commander's Command is an EventEmitter; its typings leave that out.
    (command as unknown as EventEmitter).prependListener(`option:${option.name()}`, () => {
      if (command.getOptionValueSource(key) === 'cli')
        throw new GacostError('conflicting-options', `${option.long} is given more than once: give one per run`);
    });
  }
}
