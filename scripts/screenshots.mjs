// npm run screenshots: docs/screenshots/<command>.png, the --format html report of each command the
// browser tests check (report-cases.mjs), rendered by the built CLI in headless Chromium 1000 px wide
// in the light scheme (and the forecast in the dark one too), cut at 1300 px: the top of the page,
// its chart, is what the README shows. The date and the catalog are the tests' frozen ones, so a
// picture changes only when the report does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromiumUnavailable, launchChromium, REPORT_URL, serveReport } from './chromium.mjs';
import { REPORT_CASES } from './report-cases.mjs';

const root = new URL('../', import.meta.url);
const out = new URL('docs/screenshots/', root);
const WIDTH = 1000;
const MAX_HEIGHT = 1300;
// Nothing of the machine's environment but PATH, as test/support/gacost.ts runs a spawned CLI.
const env = { PATH: process.env.PATH, GACOST_AS_OF: '2026-11-24', GACOST_CATALOG: 'test/fixtures/catalogs/standard.yaml' };

const unavailable = chromiumUnavailable();
if (unavailable !== undefined) {
  console.error(`npm run screenshots: ${unavailable}`);
  process.exit(1);
}

mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  const shots = [
    ...REPORT_CASES.map((report) => ({ ...report, scheme: 'light' })),
    { ...REPORT_CASES.find((report) => report.name === 'forecast'), scheme: 'dark' },
  ];
  for (const { name, args, scheme } of shots) {
    // A warning on stderr is part of some reports' story (a budget near its limit), not a failure;
    // a non-zero exit is, and execFileSync throws on it.
    const html = execFileSync(process.execPath, ['bin/gacost.cjs', ...args, '--format', 'html'], {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const context = await browser.newContext({
      viewport: { width: WIDTH, height: 800 },
      colorScheme: scheme,
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    try {
      const requests = [];
      await serveReport(context, html, (url) => requests.push(url));
      const page = await context.newPage();
      await page.goto(REPORT_URL, { waitUntil: 'load' });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const png = await page.screenshot({
        fullPage: true,
        clip: { x: 0, y: 0, width: WIDTH, height: Math.min(height, MAX_HEIGHT) },
        type: 'png',
        animations: 'disabled',
      });
      const file = `${name}${scheme === 'dark' ? '-dark' : ''}.png`;
      writeFileSync(new URL(file, out), png);
      const blocked = requests.length === 0 ? '' : `  (blocked ${requests.length} requests: ${requests.slice(0, 3).join(', ')})`;
      console.log(
        `${file.padEnd(17)} html ${String(Buffer.byteLength(html)).padStart(8)} bytes  page ${String(height).padStart(5)} px  png ${String(png.length).padStart(8)} bytes${blocked}`,
      );
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}
