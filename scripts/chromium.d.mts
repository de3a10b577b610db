/** See chromium.mjs. */
import type { Browser, BrowserContext } from 'playwright-core';

export const CHROMIUM_ARGS: readonly string[];
export const REPORT_URL: string;
export function chromiumPath(): string | undefined;
export function chromiumUnavailable(): string | undefined;
export function launchChromium(): Promise<Browser>;
export function serveReport(context: BrowserContext, html: string, onOtherRequest: (url: string) => void): Promise<void>;
