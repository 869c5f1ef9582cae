// Playwright drives Debian's Chromium against the real server that `cargo xtask test` starts
// (LATCHKEY_URL). No browser is downloaded.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.LATCHKEY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // On CI a failed test runs once more: it still fails the run unless it passes the second time,
  // and then the failures report (below) lists it as failed-once, so a flaky test is seen.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['./failures-reporter.ts']],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
