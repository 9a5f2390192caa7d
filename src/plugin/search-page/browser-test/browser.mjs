// Headless Debian Chromium driven by playwright-core (which brings no browser of its own), with the flags that
// keep it off the network: the page under test is the only thing it talks to.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CLIP_CHROMIUM || '/usr/bin/chromium';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A new page of the given width that records uncaught script errors in page.errors. */
export async function openPage(browser, width, height = 900) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}
