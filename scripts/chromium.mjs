// The headless Chromium that the browser tests (test/support/browser.ts) and npm run screenshots
// render the HTML reports in: Debian's chromium driven by playwright-core, which brings no browser of
// its own (the playwright package would try to download one).
import { accessSync, constants, statSync } from 'node:fs';

/** Where Debian's chromium package puts its launcher; CHROMIUM_PATH names another. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium reaches out (updates, sync, QUIC probes) and the
 * closed network of CI refuses it, which is slow and noisy. --no-sandbox: the tests run as root.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The address a report is served at: .invalid never resolves (RFC 2606), so nothing but the route
 * below can answer it, and a relative URL in a report cannot reach a real host either.
 */
export const REPORT_URL = 'http://gacost.invalid/report.html';

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Chromium's executable, or undefined when there is none. */
export function chromiumPath() {
  const named = process.env.CHROMIUM_PATH;
  if (named !== undefined && named !== '') return isExecutableFile(named) ? named : undefined;
  return isExecutableFile(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/** Why Chromium cannot be launched here, or undefined when it can. */
export function chromiumUnavailable() {
  const named = process.env.CHROMIUM_PATH;
  if (named !== undefined && named !== '' && !isExecutableFile(named)) return `CHROMIUM_PATH names ${named}, which is no executable file`;
  if (chromiumPath() === undefined)
    return `Chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH; .ci/run installs it)`;
  return undefined;
}

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchChromium() {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error(chromiumUnavailable());
  // Imported here so that a checkout without playwright-core still loads this module to say why.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Serves `html` at REPORT_URL in `context` and aborts every other request, after telling
 * `onOtherRequest` its URL: a report must be self-contained, and this way a request it makes neither
 * reaches the network nor waits on it. data: URLs never reach a route (they are no request).
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} html
 * @param {(url: string) => void} onOtherRequest
 */
export async function serveReport(context, html, onOtherRequest) {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === REPORT_URL) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    onOtherRequest(url);
    return route.abort('blockedbyclient');
  });
}
