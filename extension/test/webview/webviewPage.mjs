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
  const deadline = Date.now() + timeout;
  for (;;) {
    // Read in one go each time: a page that re-renders (streaming output) replaces the element
    // between a wait and a later read, and a section that is gone by then would never answer.
    await locator
      .filter({ hasText: pattern })
      .first()
      .waitFor({ timeout: Math.max(1, deadline - Date.now()) });
    const found = (await locator.allInnerTexts())
      .map((text) => text.trim())
      .find((text) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)));
    if (found !== undefined) return found;
  }
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

/** The visible webview's own width in CSS pixels (its page's `innerWidth`). */
async function webviewWidth(frameLocator) {
  return frameLocator.locator('body').evaluate(() => globalThis.innerWidth);
}

/**
 * Resizes the browser until the visible webview is `width` px wide (±3), as a panel dragged narrow
 * would be; returns a function that restores the original size. The workbench's layout decides how
 * the window's width is shared out (one or two editor groups, side bar), so the size is found by
 * measuring, not computed.
 */
export async function narrowWebview(page, width) {
  const original = page.viewportSize();
  const frame = visibleWebview(page);
  let viewport = original.width;
  let seen = await webviewWidth(frame);
  // Window pixels per webview pixel: the webview takes a share of what the window gives up.
  let slope = 1;
  for (let attempt = 0; attempt < 6 && Math.abs(seen - width) > 3; attempt++) {
    const next = Math.max(width, Math.round(viewport + (width - seen) * slope));
    await page.setViewportSize({ width: next, height: original.height });
    const before = seen;
    seen = await waitForSettledWidth(frame);
    if (next !== viewport && seen !== before) slope = (next - viewport) / (seen - before);
    viewport = next;
  }
  assert.ok(Math.abs(seen - width) <= 3, `the webview is ${seen} px wide, wanted ${width}`);
  return () => page.setViewportSize(original);
}

/** The webview's width once two paints in a row agree (the workbench lays out after a resize). */
async function waitForSettledWidth(frame) {
  let last = -1;
  for (;;) {
    await painted(frame);
    const now = await webviewWidth(frame);
    if (now === last) return now;
    last = now;
  }
}

/**
 * Asserts every element `locator` matches is visible and lies wholly inside the webview's width,
 * and that the page does not scroll sideways (nothing pushed past the right edge).
 */
export async function assertWithinWidth(locator, what) {
  const count = await locator.count();
  assert.ok(count > 0, `some ${what} on the page`);
  for (let i = 0; i < count; i++) {
    const element = locator.nth(i);
    assert.ok(await element.isVisible(), `${what} #${i + 1} is visible`);
    const { left, right, width } = await element.evaluate((node) => {
      const box = node.getBoundingClientRect();
      return { left: box.left, right: box.right, width: globalThis.document.documentElement.clientWidth };
    });
    assert.ok(left >= 0 && right <= width, `${what} #${i + 1} spans ${Math.round(left)}–${Math.round(right)} px in a ${width} px page`);
  }
  const overflow = await locator.first().evaluate(() => {
    const root = globalThis.document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  assert.ok(overflow <= 0, `the page scrolls ${overflow} px sideways`);
}
