/** A number written exactly as its decimal text, never through a float. */
export class ExactNumber {
  constructor(readonly text: string) {}
}

export const exact = (text: string): ExactNumber => new ExactNumber(text);

/** One CSV cell: text, an exact number, or empty. */
export type Cell = string | ExactNumber | null;
export type FlatRecord = Readonly<Record<string, Cell>>;

/** A result kind's JSON as its contract (contract.ts) types it, with any number given exactly. */
export type ExactJson<T> = T extends number
  ? number | ExactNumber
  : T extends string | boolean | null | undefined
    ? T
    : T extends readonly (infer Item)[]
      ? readonly ExactJson<Item>[]
      : { readonly [Key in keyof T]: ExactJson<T[Key]> };
