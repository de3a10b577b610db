import { GacostError } from '../errors.js';
import type { InputFiles } from './input-files.js';
import { MAX_INPUT_BYTES, readInputFile } from './read-input-file.js';

/** genai-prices' published data, as `@pydantic/genai-prices` names it (REMOTE_DATA_JSON_URL). */
export const GENAI_PRICES_DATA_URL = 'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json';

/** A download that has not finished by then has failed. */
const FETCH_TIMEOUT_MS = 30_000;

/**
 * The text at `source`: an http(s) URL, fetched with Node's fetch (a timeout, the size input files
 * may have, a status other than 2xx refused), or a local file. Every failure is one line.
 */
export async function fetchText(
  source: string,
  what: string,
  cwd: string,
  inputs: InputFiles,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<string> {
  if (!/^https?:\/\//i.test(source)) return readInputFile(source, what, cwd, inputs);
  const cannot = (reason: string) => new GacostError('unreadable-file', `cannot fetch ${what} ${source}: ${reason}`);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(source, { signal, headers: { accept: 'application/json' } });
    if (!response.ok) throw cannot(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > MAX_INPUT_BYTES || response.body === null) {
      await response.body?.cancel();
      throw cannot(response.body === null ? 'the answer has no body' : tooLarge);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_INPUT_BYTES) throw cannot(tooLarge);
      chunks.push(chunk);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw cannot('not UTF-8 text');
    }
  } catch (error) {
    if (error instanceof GacostError) throw error;
    if (signal.aborted) throw cannot(`no whole answer within ${timeoutMs / 1000} s`);
    throw cannot(networkReason(error));
  }
}

const tooLarge = `more than the ${MAX_INPUT_BYTES / 1024 / 1024} MB gacost reads`;

/** Why a fetch failed, from undici's cause (a refused connection, an unknown host, a body cut short). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'the host is not known (offline?)';
  if (cause?.code === 'ECONNREFUSED') return 'the connection was refused';
  if (cause?.code === 'UND_ERR_SOCKET' || /terminated|other side closed/i.test((error as Error).message ?? ''))
    return 'the download was cut short';
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
