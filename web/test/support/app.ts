/**
 * What every web test file does with the app: open pages in new browser contexts (collecting any
 * Content-Security-Policy refusal), sign up through the page, sign in through the API, keep the
 * README's screenshots, and measure sideways scrolling at phone width.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible } from './browser.ts';

export const PASSWORD = 'correct horse battery staple';
/** Set WEB_SCREENSHOTS to a folder to keep the screenshots README shows. */
const SCREENSHOTS = process.env.WEB_SCREENSHOTS;

/** Opens pages on one backend and collects what their Content-Security-Policy refused. */
export class AppPages {
  readonly cspErrors: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly baseURL: string,
  ) {
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  }

  /** A page in a new context (its own cookies); `clipboard` lets it copy and read the clipboard. */
  async open({ width = 1200, clipboard = false }: { width?: number; clipboard?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({ baseURL: this.baseURL, viewport: { width, height: 900 } });
    if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: this.baseURL });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) this.cspErrors.push(message.text());
    });
    return { context, page };
  }
}

/** Signs up through the pages, starting at `next` (a signed-out visit lands on the sign-in page, checked with axe-core). */
export async function signUp(page: Page, name: string, email: string, next = '/'): Promise<void> {
  await page.goto(next);
  await page.waitForURL(/\/signin/);
  await assertAccessible(page, 'the sign-in page');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Signs in through the API; the cookie is then the context's, pages included. */
export async function signIn(request: APIRequestContext, email: string, password = PASSWORD): Promise<void> {
  const res = await request.post('/api/auth/signin', { data: { email, password } });
  assert.equal(res.status(), 200);
}

/** Keeps a full-page screenshot named `name` when WEB_SCREENSHOTS is set. */
export async function shot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fails when the page, at phone width (390 px), scrolls sideways; names the widest elements. */
export async function assertFitsPhone(page: Page, where: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  // Charts resize on the next frames after the viewport changes (a ResizeObserver): give them a second.
  let overflow = Infinity;
  for (let look = 0; look < 10 && overflow > 1; look++) {
    if (look > 0) await new Promise((r) => setTimeout(r, 100));
    overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      // Inside a region that scrolls on its own (a wide table) is fine; name what widens the page.
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest('.table-wrap'))
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}:${Math.round(el.getBoundingClientRect().width)}`),
  );
  assert.ok(overflow <= 1, `${where} scrolls sideways by ${overflow}px at phone width (${wide.join(', ')})`);
  if (size) await page.setViewportSize(size);
}
