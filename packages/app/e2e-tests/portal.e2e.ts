/* eslint-disable no-console -- a command-line check that reports its progress */
/*
 * End to end: starts the portal exactly as `./scripts/start` does, signs in as
 * guest in Debian's Chromium and checks what a newcomer should see.
 * Run by scripts/test; exits non-zero on any failure.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
      // The app's own errors, so a blank page says why.
      page.on('pageerror', error => console.error(`e2e: page error: ${error}`));
      await page.goto(appUrl);
      await page
        .getByRole('button', { name: /enter/i })
        .click({ timeout: 120_000 });

      // The catalog ingests examples/ after it starts and its table does not
      // refresh by itself: reload until the services are listed, as a user would.
      const listed = Date.now() + 180_000;
      for (;;) {
        await page
          .getByRole('link', { name: 'payments', exact: true })
          .waitFor({ timeout: 15_000 })
          .catch(() => undefined);
        const links = await Promise.all(
          ['payments', 'orders', 'storefront'].map(service =>
            page.getByRole('link', { name: service, exact: true }).count(),
          ),
        );
        if (links.every(count => count > 0)) break;
        if (Date.now() > listed)
          throw new Error(
            `the catalog never listed the example services; its links: ${(
              await page.getByRole('link').allInnerTexts()
            ).join(', ')}`,
          );
        // All services, not only those the guest owns (the catalog's default view).
        await page
          .goto(`${appUrl}/?filters%5Bkind%5D=component&filters%5Buser%5D=all`)
          // A rebuild of the app in the dev server aborts a load: the next round retries.
          .catch(() => undefined);
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

      // The backend's tasks start 15 s after it does: the SLO task writes the
      // state, the task of the cluster prod-eu (the export in examples/clusters)
      // adds what the cluster holds. Reload until both show, as a user would.
      const meshTab = `${appUrl}/catalog/default/component/payments/mesh`;
      // payments' policy (examples/services/payments) lets only orders POST /charge.
      const allowRule = /may POST \/charge/;
      const deadline = Date.now() + 180_000;
      for (;;) {
        await page.goto(meshTab);
        const shown = page.getByText(
          /Not refreshed yet|Service level objectives/,
        );
        await shown.first().waitFor({ timeout: 60_000 });
        if (await page.getByText(allowRule).count()) break;
        if (Date.now() > deadline)
          throw new Error(
            'the payments Mesh tab never showed the state of the prod-eu cluster',
          );
        await page.waitForTimeout(5_000);
      }
      for (const card of [
        'Security',
        'Traffic',
        'Findings',
        'Service level objectives',
        'Compliance',
      ]) {
        await page
          .getByText(card, { exact: true })
          .first()
          .waitFor({ timeout: 10_000 });
      }
      await page
        .getByText(/prod-eu/)
        .first()
        .waitFor({ timeout: 10_000 });
      console.log(
        'e2e: the payments Mesh tab shows the prod-eu cluster: who may call it (from the policy model), traffic, findings, SLO and compliance cards',
      );
      await page.screenshot({
        path: join(tmpdir(), 'meshpath-payments-mesh-tab.png'),
        fullPage: true,
      });

      const unauthenticated = await fetch(`${backendUrl}/api/mesh/health`);
      assert.equal(
        unauthenticated.status,
        401,
        'the mesh backend must refuse requests without credentials',
      );
      console.log('e2e: the mesh backend refuses requests without credentials');
    } catch (error) {
      // What the browser showed when a step failed, for whoever reads the log.
      const screenshot = join(tmpdir(), 'meshpath-e2e-failure.png');
      const [page] = browser.contexts().flatMap(c => c.pages());
      await page?.screenshot({ path: screenshot }).catch(() => undefined);
      console.error(`e2e: the page at the failure is in ${screenshot}`);
      throw error;
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
