import net from 'node:net';
import path from 'node:path';
import { test as base, type FullConfig } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { Pool } from 'pg';
import globalSetup from './global-setup';
import globalTeardown from './global-teardown';
import { accountNav, expect, TestDatabase, waitForHydration } from './support/accounts';
import { serverState } from './support/server-state';
import { expectNoAxeViolations } from './support/site';

/*
 * REQUIRE_TWO_STEP_FOR_STAFF=true: a moderator without two-step sign-in is sent to set it up after
 * signing in, and every other page sends them back there until it is on. The suite's server runs
 * without it, so this spec starts a server of its own with it (as the mail specs do for SMTP_URL),
 * against a database of its own, and makes its moderator there.
 */

interface StaffSite {
  baseURL: string;
  db: TestDatabase;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const test = base.extend<{}, { staffSite: StaffSite }>({
  staffSite: [
    async ({}, use, workerInfo) => {
      const names = ['E2E_PORT', 'E2E_BASE_URL', 'REQUIRE_TWO_STEP_FOR_STAFF', 'REDIS_URL'] as const;
      const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
      process.env.E2E_PORT = String(await freePort());
      process.env.REQUIRE_TWO_STEP_FOR_STAFF = 'true';
      delete process.env.REDIS_URL;
      let baseURL: string;
      try {
        await globalSetup({ projects: [{ outputDir: path.join(workerInfo.project.outputDir, `staff-two-step-server-${workerInfo.workerIndex}`) }] } as unknown as FullConfig);
        baseURL = process.env.E2E_BASE_URL!;
      } finally {
        for (const name of names) {
          if (saved[name] === undefined) delete process.env[name];
          else process.env[name] = saved[name];
        }
      }
      const database = serverState().database;
      if (!database) throw new Error('This spec needs DATABASE_URL (as .ci/run sets it): its moderator is made in the server’s database');
      const url = new URL(database.adminUrl);
      url.pathname = `/${database.name}`;
      const pool = new Pool({ connectionString: url.toString(), max: 2 });
      try {
        await use({ baseURL, db: new TestDatabase(pool) });
      } finally {
        await pool.end();
        await globalTeardown();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

test('a moderator without two-step sign-in is sent to set it up, and can do nothing else until it is on', async ({ page, staffSite }) => {
  test.setTimeout(90_000);
  const { baseURL, db } = staffSite;
  const moderator = await db.createPerson({ role: 'moderator', name: 'staff' });

  await page.goto(`${baseURL}/sign-in`);
  await waitForHydration(page);
  await page.getByRole('textbox', { name: 'Username' }).fill(moderator.username);
  await page.getByRole('textbox', { name: 'Password' }).fill(moderator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account\/two-step$/);
  await expect(page.getByText('This site requires two-step sign-in for moderators and administrators. Set it up to carry on.')).toBeVisible();
  await expectNoAxeViolations(page, 'the two-step page when it is required');
  await expect(accountNav(page).getByRole('link', { name: 'Moderation' })).toHaveCount(0);

  // Every other page, the moderators' own included, sends them back here.
  for (const where of ['/moderation', '/account', '/']) {
    await page.goto(`${baseURL}${where}`);
    await expect(page).toHaveURL(/\/account\/two-step$/);
  }
  await waitForHydration(page);

  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  const key = (await page.getByTestId('two-step-secret').innerText()).replace(/\s/g, '');
  const code = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
  await page.getByRole('textbox', { name: 'Code from your app' }).fill(code);
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Save your recovery codes');

  await page.goto(`${baseURL}/moderation`);
  await expect(page).toHaveURL(/\/moderation$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moderation');
  await expect(accountNav(page).getByRole('link', { name: 'Moderation' })).toBeVisible();
});
