import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests for Commonplace. Global set-up starts the built server (dist/) against a fresh
 * database and sets E2E_BASE_URL; workers load this file again after that, so they see it.
 *
 * Run: npx nx run e2e:test   (builds server and web first)
 *  or: npx playwright test -c tests/e2e/playwright.config.ts   (after building)
 * With DATABASE_URL set, the tests use a throw-away database on that server;
 * otherwise the server starts its embedded PostgreSQL in a temporary folder.
 */
const port = process.env.E2E_PORT || '3999';
const SEEDED_STATE = /(^|\/)(home|no-javascript|page-weight|reading|thread)\.spec\.ts$/;
const LATE = /(^|\/)(curation|late-[^/]*|notifications)\.spec\.ts$/;

export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.spec.ts',
  outputDir: path.join(__dirname, 'test-results'),
  workers: 2,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  // Failed tests also go to one log that `npm test` prints last (scripts/test-failures/).
  reporter: [['list'], [path.join(__dirname, '../../scripts/test-failures/playwright-reporter.cjs')]],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // Specs that read the seeded wiki as it is (the home page's "Recent threads", the seeded threads'
  // reply counts) run first; specs that change what other specs count on seeded pages
  // (curation.spec.ts briefly lists areas it creates; late-*.spec.ts adds threads to Emerging issues;
  // notifications.spec.ts adds threads with fresh replies) run after all the others.
  projects: [
    { name: 'first', testMatch: SEEDED_STATE },
    { name: 'main', testIgnore: [SEEDED_STATE, LATE], dependencies: ['first'] },
    { name: 'late', testMatch: LATE, dependencies: ['main'] },
  ],
  globalSetup: require.resolve('./global-setup'),
  globalTeardown: require.resolve('./global-teardown'),
  use: {
    baseURL: process.env.E2E_BASE_URL || `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    locale: 'en-GB',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
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
