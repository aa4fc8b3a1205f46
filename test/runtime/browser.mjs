// Debian's Chromium driven by playwright-core (no browser download: these machines cannot fetch one).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { chromiumPath } from './paths.mjs';
import { ensureDebianPackages } from './systemPackages.mjs';

export async function launchChromium() {
  if (!process.env.CHROMIUM_PATH) ensureDebianPackages(['chromium'], 'the browser tests');
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root on a closed network: no sandbox, and none of Chromium's own background connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens the workbench and waits until it is interactive. */
export async function openWorkbench(browser, url, { viewport = { width: 1400, height: 900 } } = {}) {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}
