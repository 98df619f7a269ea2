// Drives the VS Code workbench in Debian's headless Chromium (playwright-core, no browser download)
// and returns the exit code the test harness reports through `codeAutomationExit`.
import { chromium } from 'playwright-core';

/** Flags from the recipe: without the networking ones Chromium floods the closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * The workbench URL that opens `folder` and runs the extension's tests: the payload is what
 * `--enable-smoke-test-driver` lets a built workbench honour.
 */
export function workbenchUrl({ port, folder, extensionPath, testsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Opens `url`, forwards the workbench's automation log to `onLog(type, message)`, and resolves with
 * the exit code (or `{ timedOut: true }` after `timeoutMs`). The browser is always closed.
 */
export async function runWorkbench({ url, chromiumPath, timeoutMs, onLog }) {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  let timer;
  try {
    const page = await browser.newPage();
    let exited;
    const exit = new Promise((resolve) => (exited = resolve));
    // Exposed before navigation: the workbench looks for them when it starts the test harness.
    await page.exposeFunction('codeAutomationLog', (type, message) => onLog(type, Array.isArray(message) ? message.join(' ') : String(message)));
    await page.exposeFunction('codeAutomationExit', (code) => exited({ code: Number(code), timedOut: false }));
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ code: 1, timedOut: true }), timeoutMs);
    });
    page.on('pageerror', (error) => onLog('pageerror', String(error)));
    await page.goto(url);
    return await Promise.race([exit, timeout]);
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => {});
  }
}
