import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's Chromium: Playwright cannot download its own browsers on this network.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The list, then each skipped test with its reason (tests/e2e/skipReasons.reporter.ts).
  reporter: [['list'], ['./tests/e2e/skipReasons.reporter.ts']],
  use: {
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    // A 14-inch laptop, the directors' usual screen: every screen must fit its width.
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.PILOTE_CPO_CHROMIUM ?? systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
