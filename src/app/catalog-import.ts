import type { ImportFormat, ImportOutcome } from '../read-files.js';
import { type PriceOptions, priceDateOf, type ReadIo, readIoOf } from './options.js';

export type { ImportFormat, ImportOutcome };

/** The price lists `gacost catalog import` reads (a record, so that a format importCatalogFile adds must be listed here too). */
export const IMPORT_FORMATS = Object.keys({ litellm: true, 'genai-prices': true } satisfies Record<ImportFormat, true>) as ImportFormat[];

export interface CatalogImportOptions extends Pick<PriceOptions, 'asOf'> {
  /** The list's format. */
  readonly from: ImportFormat;
  /** Only this provider's models (its key as gacost writes it, e.g. openai). */
  readonly provider?: string;
  /** Leave out these models, by the id the catalog would give them. */
  readonly exclude?: readonly string[];
  /** A catalog an earlier import of the list wrote: its past prices, and its models the list no longer has, stay. */
  readonly keepHistory?: string;
}

/**
 * A LiteLLM or genai-prices price list converted into a gacost catalog, as `gacost catalog import`:
 * its YAML (validated), how many models it has, and by reason what was not imported. The as-of date
 * is the catalog's effective date and its models' checked date.
 */
export async function catalogImport(file: string, options: CatalogImportOptions, readIo: ReadIo = {}): Promise<ImportOutcome> {
  const io = readIoOf(readIo);
  const { asOf } = priceDateOf(options);
  const { importCatalogFile } = await import('../read-files.js');
  return importCatalogFile(options.from, file, {
    provider: options.provider,
    exclude: options.exclude ?? [],
    history: options.keepHistory,
    asOf,
    cwd: io.cwd,
    inputs: io.inputs,
  });
}
