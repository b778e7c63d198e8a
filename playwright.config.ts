import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

const port = Number(process.env.SIFT_E2E_PORT ?? 4174);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  // Two browser workers share two cores with WASM compiles and model runs: leave assertions room.
  expect: { timeout: 30_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  // CI shares two cores with everything else: one retry keeps a timing hiccup from sinking the run,
  // and scripts/summary.mjs names every test that needed it (reported as flaky, never as silence).
  retries: process.env.CI ? 1 : 0,
  // Playwright empties outputDir when it starts: keep it apart from the reports folder.
  outputDir: 'test-results/artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
    acceptDownloads: true,
    // Each test is a first visit: a service worker would precache ~65 MB for nothing. The offline
    // spec allows it (e2e/offline-app.spec.ts).
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
