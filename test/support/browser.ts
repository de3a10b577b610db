import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it, onTestFinished } from 'vitest';
import { chromiumUnavailable, launchChromium, REPORT_URL, serveReport } from '../../scripts/chromium.mjs';

/**
 * The browser tests' harness: Debian's headless Chromium (scripts/chromium.mjs launches it), one per
 * test file, and pages loaded from a string with everything they do besides being the page recorded.
 */

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

interface Overflow {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  /** Up to 5 elements (tag.class) reaching past the viewport's right edge by more than 1px. */
  readonly offenders: readonly string[];
}

export interface LoadedPage {
  readonly page: Page;
  /** Every request besides the page itself (each aborted): a self-contained page makes none. */
  readonly requests: readonly string[];
  /** console.error messages (Chromium's own, such as a failed load, among them) and uncaught errors. */
  readonly consoleErrors: readonly string[];
  /** As loaded; measureOverflow(page) measures again after an emulation changes. */
  readonly overflow: Overflow;
}

interface LoadOptions {
  readonly colorScheme?: 'light' | 'dark';
}

export interface BrowserSession {
  /** Opens `html` as REPORT_URL in a fresh context, closed when the test ends: call it inside a test. */
  loadPage(html: string, viewport: Viewport, options?: LoadOptions): Promise<LoadedPage>;
}

/**
 * describe() with a browser: Chromium is launched before its tests and closed after them, so use one
 * per test file, at its top level, and nest the rest. Where Chromium is missing the suite is skipped
 * (its name says why), except in CI (CI=true), where a missing browser is a broken setup: there it fails.
 */
export function describeWithBrowser(name: string, body: (browser: BrowserSession) => void): void {
  const unavailable = chromiumUnavailable();
  if (unavailable !== undefined) {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('has a Chromium to run in', () => {
          throw new Error(`${unavailable}: in CI the browser tests must run, not be skipped`);
        });
      });
    } else {
      // The default reporter names a skipped file but not its suites: say why on stderr too.
      console.warn(`${name}: skipped: ${unavailable}`);
      describe.skip(`${name} (skipped: ${unavailable})`, () => body(unreachable));
    }
    return;
  }
  describe(name, () => {
    // A launch that fails fails each test that loads a page, with its error: thrown from beforeAll,
    // it would leave the tests counted as skipped.
    let browser: Promise<Browser> | undefined;
    beforeAll(() => {
      browser = launchChromium();
      browser.catch(() => {});
    });
    afterAll(async () => {
      await (await browser?.catch(() => undefined))?.close();
    });
    body({
      loadPage: async (html, viewport, options) => {
        if (browser === undefined) throw new Error('loadPage runs inside a test, after the browser is launched');
        return loadPage(await browser, html, viewport, options);
      },
    });
  });
}

const unreachable: BrowserSession = {
  loadPage: () => Promise.reject(new Error('the browser tests are skipped')),
};

async function loadPage(browser: Browser, html: string, viewport: Viewport, options: LoadOptions = {}): Promise<LoadedPage> {
  // A context per page: nothing (cache, storage, emulation) carries from one page to the next.
  const context = await browser.newContext({
    viewport,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  });
  onTestFinished(() => context.close());
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  await serveReport(context, html, (url) => requests.push(url));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  const response = await page.goto(REPORT_URL, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`the page did not load: ${response?.status()}`);
  return { page, requests, consoleErrors, overflow: await measureOverflow(page) };
}

/**
 * The few DOM types the functions run in the page use: the project's type check has no DOM library
 * (the CLI runs in Node), and adding it would type the sources as if they ran in a browser.
 */
interface InPageElement {
  readonly tagName: string;
  readonly parentElement: InPageElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly right: number };
}
interface InPage {
  readonly document: {
    readonly documentElement: InPageElement & { readonly scrollWidth: number; readonly clientWidth: number };
    readonly body: InPageElement | null;
    querySelectorAll(selector: string): Iterable<InPageElement>;
  };
  getComputedStyle(element: InPageElement): {
    readonly overflowX: string;
    readonly backgroundColor: string;
    readonly colorScheme: string;
    readonly breakInside: string;
  };
}

/**
 * Whether the page is wider than its viewport, and the elements that make it so. Elements inside an
 * element that scrolls sideways (overflow-x auto or scroll) are not counted: a wide table in a
 * scrolling wrapper is how a narrow screen is meant to show it, and the wrapper itself is counted.
 */
function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const window = globalThis as unknown as InPage;
    const root = window.document.documentElement;
    const limit = root.clientWidth + 1;
    const offenders: string[] = [];
    for (const element of window.document.querySelectorAll('body *')) {
      if (offenders.length === 5) break;
      if (element.getBoundingClientRect().right <= limit) continue;
      let scrolled = false;
      for (let ancestor = element.parentElement; ancestor !== null && !scrolled; ancestor = ancestor.parentElement) {
        scrolled = ['auto', 'scroll'].includes(window.getComputedStyle(ancestor).overflowX);
      }
      if (scrolled) continue;
      const classes = (element.getAttribute('class') ?? '')
        .trim()
        .split(/\s+/)
        .filter((name) => name !== '');
      offenders.push([element.tagName.toLowerCase(), ...classes].join('.'));
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, offenders };
  });
}

/** The whole page as a PNG, kept in memory. */
export function screenshot(page: Page): Promise<Buffer> {
  return page.screenshot({ fullPage: true, type: 'png', animations: 'disabled' });
}

/** Switches the page to prefers-color-scheme: dark or light (the media stays screen). */
export function emulateColorScheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  return page.emulateMedia({ colorScheme });
}

/** Switches the page to print media, as the print preview and page.pdf lay it out. */
export function emulatePrint(page: Page): Promise<void> {
  return page.emulateMedia({ media: 'print' });
}

/**
 * The colour the page is painted on: the body's background, else the root's; when both are
 * transparent, the canvas colour the color-scheme property picks (the browser's white or dark grey).
 */
export function backgroundColour(page: Page): Promise<string> {
  return page.evaluate(() => {
    const window = globalThis as unknown as InPage;
    const transparent = ['transparent', 'rgba(0, 0, 0, 0)'];
    for (const element of [window.document.body, window.document.documentElement]) {
      if (element === null) continue;
      const colour = window.getComputedStyle(element).backgroundColor;
      if (!transparent.includes(colour)) return colour;
    }
    return `canvas (color-scheme: ${window.getComputedStyle(window.document.documentElement).colorScheme})`;
  });
}

/** Each selected element's computed break-inside, in document order (emulatePrint first for print rules). */
export function breakInside(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const window = globalThis as unknown as InPage;
    return [...window.document.querySelectorAll(selector)].map((element) => window.getComputedStyle(element).breakInside);
  }, selector);
}

export interface Printed {
  readonly bytes: number;
  readonly pages: number;
}

/** Prints the page to PDF on the paper size, with its backgrounds, and counts the PDF's pages. */
export async function printToPdf(page: Page, format: 'A4' | 'Letter'): Promise<Printed> {
  const pdf = await page.pdf({ format, printBackground: true });
  // Chromium writes each page as an uncompressed /Type /Page dictionary (the page tree is /Pages).
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return { bytes: pdf.length, pages };
}
