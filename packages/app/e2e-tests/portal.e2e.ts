/* eslint-disable no-console -- a command-line check that reports its progress */
/*
 * End to end: starts the portal exactly as `./scripts/start` does, signs in as
 * guest in Debian's Chromium and checks what a newcomer should see.
 * Run by scripts/test; exits non-zero on any failure.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(__dirname, '../../..');
const appUrl = 'http://localhost:3000';
const backendUrl = 'http://localhost:7007';
const startupTimeoutMs = 5 * 60_000;

async function waitForUrl(url: string, portal: ChildProcess): Promise<void> {
  const deadline = Date.now() + startupTimeoutMs;
  while (Date.now() < deadline) {
    if (portal.exitCode !== null) {
      throw new Error(
        `the portal exited with code ${portal.exitCode} before ${url} answered`,
      );
    }
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${startupTimeoutMs / 1000}s`);
}

async function main() {
  const portal = spawn('npx', ['backstage-cli', 'repo', 'start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stopPortal = () => {
    try {
      process.kill(-portal.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopPortal);

  try {
    await waitForUrl(`${backendUrl}/.backstage/health/v1/readiness`, portal);
    await waitForUrl(appUrl, portal);

    const browser = await chromium.launch({
      executablePath: process.env.MESHPATH_CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(appUrl);
      await page
        .getByRole('button', { name: /enter/i })
        .click({ timeout: 120_000 });

      for (const service of ['payments', 'orders', 'storefront']) {
        await page
          .getByRole('link', { name: service, exact: true })
          .waitFor({ timeout: 120_000 });
      }
      console.log('e2e: the catalog lists the example services');

      await page.getByRole('link', { name: 'Service mesh' }).first().click();
      await page.waitForURL(/\/mesh$/);

      await page
        .getByText(/Services in the mesh \(\d+\)/)
        .waitFor({ timeout: 60_000 });
      console.log(
        'e2e: the sidebar leads to the fleet overview, served by the mesh backend',
      );

      // The backend refreshes every service 15 s after it starts; until then the
      // tab says so. Reload until the refreshed state shows, as a user would.
      const meshTab = `${appUrl}/catalog/default/component/payments/mesh`;
      const deadline = Date.now() + 120_000;
      for (;;) {
        await page.goto(meshTab);
        const shown = page.getByText(
          /No mesh state yet|Service level objectives/,
        );
        await shown.first().waitFor({ timeout: 60_000 });
        if (await page.getByText('Service level objectives').count()) break;
        if (Date.now() > deadline)
          throw new Error(
            'the payments Mesh tab never showed a refreshed state',
          );
        await page.waitForTimeout(5_000);
      }
      for (const card of ['Mesh', 'Compliance']) {
        await page
          .getByText(card, { exact: true })
          .first()
          .waitFor({ timeout: 10_000 });
      }
      console.log(
        'e2e: the payments Mesh tab shows the refreshed mesh, SLO and compliance cards',
      );

      const unauthenticated = await fetch(`${backendUrl}/api/mesh/health`);
      assert.equal(
        unauthenticated.status,
        401,
        'the mesh backend must refuse requests without credentials',
      );
      console.log('e2e: the mesh backend refuses requests without credentials');
    } finally {
      await browser.close();
    }
  } finally {
    stopPortal();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error('e2e failed:', error);
    process.exit(1);
  },
);
