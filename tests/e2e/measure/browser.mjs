// The Chromium the measuring scripts load pages in: Debian's, headless, quiet (no background
// traffic to count), as the end-to-end tests run it.
import { chromium } from '@playwright/test';

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
