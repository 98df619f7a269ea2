// Reaching a PromptStack webview's DOM from the workbench page. VS Code renders each webview in
// two nested iframes: the outer `iframe.webview` (its host page, pre/index.html) and, inside it,
// `#active-frame` holding the extension's HTML. Only the webview in front is visible.
import assert from 'node:assert/strict';

/** How long one wait on the page may take before the test fails. */
export const UI_TIMEOUT_MS = 20_000;

/**
 * The content frame of the visible webview. With the run and A/B panels stacked as tabs in one
 * editor group, exactly one is visible; two would make the locator fail as ambiguous.
 */
export function visibleWebview(page) {
  return page.locator('iframe.webview:visible').contentFrame().locator('#active-frame').contentFrame();
}

/** Waits until the visible webview is gone (its panel hidden, the page unloaded). */
export async function waitForNoVisibleWebview(page) {
  await page.locator('iframe.webview:visible').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
}

/**
 * Waits until an element of `locator` shows text matching `pattern` (Playwright re-checks on DOM
 * changes), and returns that element's text.
 */
export async function waitForText(locator, pattern, timeout = UI_TIMEOUT_MS) {
  const match = locator.filter({ hasText: pattern }).first();
  await match.waitFor({ timeout });
  return (await match.innerText()).trim();
}

/** Text of every element `locator` matches, trimmed. */
export async function texts(locator) {
  return (await locator.allInnerTexts()).map((text) => text.trim());
}

/** Resolves after the frame has painted twice, so canvases and re-renders are on screen. */
export async function painted(frameLocator) {
  // Runs in the page, where requestAnimationFrame exists.
  await frameLocator
    .locator('body')
    .evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve))));
}

/** Clicks the editor tab whose label contains `label` (a user showing a hidden panel). */
export async function clickTab(page, label) {
  const tab = page.locator('.tabs-container .tab').filter({ hasText: label });
  assert.equal(await tab.count(), 1, `one editor tab labelled ${label}`);
  await tab.click({ timeout: UI_TIMEOUT_MS });
}
