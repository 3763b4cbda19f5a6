/* eslint-disable no-console -- a command-line check that reports its progress */
/*
 * End to end: starts the portal exactly as `./scripts/start` does, signs in as
 * guest in Debian's Chromium and checks what a newcomer should see.
 * Run by scripts/test; exits non-zero on any failure.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, Page } from 'playwright-core';
import {
  checkAccessibility,
  checkFixWithPullRequest,
  checkFleet,
} from './fleet';
import { checkWaivers, GuestIdentity } from './waivers';

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

// The README's screenshots (docs/screenshots), written only when asked for, so
// a normal run leaves the repository as it was.
const screenshotsDir =
  process.env.MESHPATH_SCREENSHOTS === '1'
    ? join(root, 'docs/screenshots')
    : undefined;

async function capture(page: Page, file: string): Promise<void> {
  if (!screenshotsDir) return;
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, file) });
  console.log(`e2e: saved docs/screenshots/${file}`);
}

// The spawned portal reads the example telemetry from this Prometheus
// (scripts/test starts it); without it, checks that need telemetry are skipped.
const prometheusUrl = process.env.MESHPATH_PROMETHEUS_URL;

/**
 * Opens a service's Mesh tab, reloading (as a user would) until `shown`
 * appears: the backend's refresh fills the state in after it starts.
 */
async function openMeshTab(
  page: Page,
  service: string,
  shown: RegExp,
  { refresh = false, timeoutMs = 120_000 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(`${appUrl}/catalog/default/component/${service}/mesh`);
    await page
      .getByText(/Not refreshed yet|Service level objectives/)
      .first()
      .waitFor({ timeout: 60_000 });
    if (await page.getByText(shown).count()) return;
    if (refresh) {
      // Observed callers are matched to the workloads the last refresh saw,
      // so right after start they need one more: ask for it, as a user would.
      await page.getByRole('button', { name: /refresh now/i }).click();
      await page
        .getByText(shown)
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(() => undefined);
      if (await page.getByText(shown).count()) return;
    }
    if (Date.now() > deadline)
      throw new Error(`the ${service} Mesh tab never showed ${shown}`);
    await page.waitForTimeout(5_000);
  }
}

/** A table row holding every one of `texts`. */
async function expectRow(page: Page, texts: (string | RegExp)[]) {
  let rows = page.getByRole('row');
  for (const text of texts) rows = rows.filter({ hasText: text });
  await rows.first().waitFor({ timeout: 10_000 });
}

/** Per example service, the state its manifests and telemetry imply (docs: examples/README). */
async function checkEstate(page: Page): Promise<void> {
  // inventory: port 9090 is PERMISSIVE under the mesh-wide STRICT.
  await openMeshTab(page, 'inventory', /Some ports accept plaintext/);
  await expectRow(page, ['9090', 'PERMISSIVE']);
  console.log('e2e: inventory: the mTLS matrix shows port 9090 PERMISSIVE');
  // Both example clusters are read: each has its section, and none is named as failed.
  await openMeshTab(page, 'inventory', /^Cluster prod-us$/);
  await page
    .getByText('Cluster prod-eu', { exact: true })
    .first()
    .waitFor({ timeout: 10_000 });
  const failed = page.getByText(/could not be read/);
  if (await failed.count())
    throw new Error(
      `the inventory Mesh tab names a failed cluster although both are readable: ${await failed
        .first()
        .innerText()}`,
    );
  console.log(
    'e2e: inventory: prod-eu and prod-us both shown, neither named as failed',
  );

  // cart: Git declares a 2s route timeout, prod-eu runs 10s.
  await openMeshTab(page, 'cart', /differs? from Git/);
  await expectRow(page, [/timeout/, /\b2s\b/, /\b10s\b/]);
  console.log('e2e: cart: drift lists the route timeout, 2s in Git, 10s live');

  // notifications: no sidecar, so nothing it declares is enforced.
  await openMeshTab(page, 'notifications', /not enforced: no proxy/);
  console.log('e2e: notifications: not enrolled (no proxy enforces its mTLS)');

  if (!prometheusUrl) {
    console.log(
      'e2e: SKIPPED without Prometheus (MESHPATH_PROMETHEUS_URL unset): the burn rate of recommendations and the observed callers of payments and users',
    );
    return;
  }
  // recommendations: ~15 % errors over the last 2 h burn the budget fast.
  await openMeshTab(page, 'recommendations', /Would fire now: page/);
  console.log('e2e: recommendations: a page-level burn-rate alert would fire');

  // payments: catalog/search calls it, though only orders may.
  await openMeshTab(page, 'payments', /would be denied/, { refresh: true });
  await expectRow(page, [/search/, 'would be denied']);
  console.log(
    'e2e: payments: the observed caller catalog/search would be denied',
  );

  // users: batch/legacy-batch calls it without mTLS.
  await openMeshTab(page, 'users', /legacy-batch/, { refresh: true });
  await expectRow(page, [/legacy-batch/, 'plaintext']);
  console.log('e2e: users: legacy-batch is a plaintext caller');
}

async function main() {
  // app-config.yaml, then a file that lets the waiver check sign in a second user.
  const identity = new GuestIdentity(backendUrl);
  const portal = spawn(
    'npx',
    ['backstage-cli', 'repo', 'start', ...identity.configArgs],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const stopPortal = () => {
    try {
      process.kill(-portal.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    identity.dispose();
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
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
      });
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
      // The catalog's pickers keep their filters in the query string.
      await page.waitForURL(/\/mesh(\?|$)/);

      // Before the backend's first refresh the fleet says how services get there.
      await page
        .getByText(/Services in the mesh \(\d+\)|No service refreshed yet/)
        .first()
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
      await capture(page, 'service-page.png');
      await checkAccessibility(page, 'the payments Mesh tab');

      await checkEstate(page);

      await page.goto(`${appUrl}/mesh`);
      await page
        .getByText(/Services in the mesh \(\d+\)/)
        .waitFor({ timeout: 60_000 });
      await page.getByRole('table', { name: 'Teams' }).waitFor();
      await checkAccessibility(page, 'the fleet page');
      // Wide enough for every column of the fleet, as a platform engineer's screen.
      await page.setViewportSize({ width: 1680, height: 1050 });
      await capture(page, 'fleet-page.png');
      await checkFleet(page, appUrl);
      await page.setViewportSize({ width: 1280, height: 800 });
      // products: catalog has no default-deny policy, which mesh-remediate adds.
      await checkFixWithPullRequest(page, appUrl, 'products');
      await page.goto(
        `${appUrl}/create/templates/default/mesh-onboard-service`,
      );
      await page
        .getByRole('button', { name: /next|review/i })
        .first()
        .waitFor({ timeout: 60_000 });
      await capture(page, 'template-form.png');
      console.log('e2e: the fleet page and the onboarding template form load');

      await checkWaivers(browser, appUrl, backendUrl, identity);

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
      await page
        ?.screenshot({ path: screenshot, fullPage: true })
        .catch(() => undefined);
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
