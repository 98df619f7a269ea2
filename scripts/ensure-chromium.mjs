// Installs Debian's Chromium when it is missing, for the browser tests (`web` runs this before its
// tests). A fresh machine has no Chromium; Playwright's own browser download cannot reach its host.
import { CHROMIUM_PACKAGE, ensureAptPackages } from './install-vscode-host.mjs';

ensureAptPackages([CHROMIUM_PACKAGE]);
