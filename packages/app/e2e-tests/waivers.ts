/* eslint-disable no-console -- a command-line check that reports its progress */
/*
 * Waivers as two people meet them on the example estate: the guest (owns
 * inventory through catalog-team, approves waivers) requests, approves and revokes one; a viewer in
 * another team sees every waiver control disabled, with the reason, and the
 * backend refuses the request too. Called by portal.e2e.ts.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser, Page } from 'playwright-core';

/** Who the guest sign-in makes of whoever enters. */
interface Identity {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/**
 * A viewer: in web-team, which neither owns inventory nor approves waivers
 * (mesh.waivers.approvers in app-config.yaml), so mesh.waiver.* is denied.
 */
const viewer: Identity = {
  userEntityRef: 'user:default/e2e-viewer',
  ownershipEntityRefs: ['user:default/e2e-viewer', 'group:default/web-team'],
};

/**
 * The portal has one sign-in, the guest provider, which reads
 * auth.providers.guest at each sign-in from config the backend watches: the
 * portal loads this file after app-config.yaml, so writing it signs the next
 * visitor in as someone else. Empty, the guest of app-config.yaml enters.
 */
export class GuestIdentity {
  private readonly dir = mkdtempSync(join(tmpdir(), 'meshpath-e2e-'));
  readonly file = join(this.dir, 'app-config.e2e-identity.yaml');

  constructor(private readonly backendUrl: string) {
    this.write(undefined);
  }

  /** `backstage-cli repo start` arguments that load app-config.yaml, then this file. */
  get configArgs(): string[] {
    // Absolute: the CLI resolves config paths from each package's folder.
    const appConfig = resolve(__dirname, '../../../app-config.yaml');
    return ['--config', appConfig, '--config', this.file];
  }

  private write(identity: Identity | undefined) {
    writeFileSync(
      this.file,
      identity
        ? `${JSON.stringify({ auth: { providers: { guest: identity } } })}\n`
        : '{}\n',
    );
  }

  /** Signs the next visitors in as `identity` (the configured guest when undefined), once the backend has read it. */
  async become(identity: Identity | undefined): Promise<void> {
    this.write(identity);
    const expected = identity?.userEntityRef ?? 'user:development/guest';
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await fetch(
        `${this.backendUrl}/api/auth/guest/refresh`,
        {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        },
      );
      const body = response.ok ? await response.json() : undefined;
      if (body?.backstageIdentity?.identity?.userEntityRef === expected) return;
      if (Date.now() > deadline)
        throw new Error(
          `the guest sign-in never became ${expected} (status ${response.status})`,
        );
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  /** Removes the file (the portal is stopped by then). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A fresh browser session signed in through the guest sign-in. */
async function signIn(browser: Browser, appUrl: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  page.on('pageerror', error => console.error(`e2e: page error: ${error}`));
  await page.goto(appUrl);
  await page.getByRole('button', { name: /enter/i }).click({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Service mesh' }).first().waitFor();
  return page;
}

/**
 * inventory (catalog-team's, so the guest's; not web-team's): its port 9090
 * accepts plaintext, among other findings to waive.
 */
const service = 'inventory';

/** The service's Mesh tab with its findings and waivers, reloading until the backend's refresh has filled them in. */
async function openService(page: Page, appUrl: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(`${appUrl}/catalog/default/component/${service}/mesh`);
    const requestButton = page
      .getByRole('button', { name: 'Request a waiver' })
      .first();
    await requestButton.waitFor({ timeout: 30_000 }).catch(() => undefined);
    if (await requestButton.count()) break;
    if (Date.now() > deadline)
      throw new Error(
        `the ${service} Mesh tab never listed a finding to waive`,
      );
  }
  await page.getByText('Waivers', { exact: true }).first().waitFor();
}

/** The waivers table's row of the waiver with this reason. */
function waiverRow(page: Page, reason: string) {
  return page.getByRole('row').filter({ hasText: reason });
}

/** YYYY-MM-DD, `days` from today, as a date input takes it. */
function dateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The guest requests a waiver of one of the service's findings, approves it, and revokes it. */
async function requestApproveRevoke(page: Page, appUrl: string) {
  await openService(page, appUrl);
  // The reason says when this run made it, so reruns against one portal cannot mix rows up.
  const reason = `e2e: accepted until the migration (${new Date().toISOString()})`;
  await page.getByRole('button', { name: 'Request a waiver' }).first().click();
  const dialog = page.getByRole('dialog');
  const title = await dialog.getByRole('heading').innerText();
  const code = /Request a waiver of (\S+)/.exec(title)?.[1];
  assert.ok(code, `the dialog names the rule it waives ("${title}")`);

  // Reason and expiry are required: an empty form is refused in the dialog.
  await dialog.getByRole('button', { name: 'Request', exact: true }).click();
  await dialog.getByText('A reason is required.').waitFor();
  await dialog.getByText('An expiry date is required.').waitFor();
  await dialog.getByLabel(/Reason/).fill(reason);
  await dialog.getByLabel(/Expires on/).fill(dateInDays(30));
  await dialog.getByRole('button', { name: 'Request', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });

  const row = waiverRow(page, reason);
  await row.getByText('pending').waitFor({ timeout: 30_000 });
  await row.getByText(code).waitFor();
  console.log(
    `e2e: waivers: the guest requested a waiver of ${code} on ${service}`,
  );

  await row.getByRole('button', { name: 'Approve' }).click();
  await row.getByText('approved').waitFor({ timeout: 30_000 });
  await row.getByText('user:development/guest').first().waitFor();
  console.log('e2e: waivers: the guest, an approver, approved it');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByText('revoked').waitFor({ timeout: 30_000 });
  assert.equal(
    await row.getByRole('button', { name: /Revoke|Approve|Withdraw/ }).count(),
    0,
    'a revoked waiver offers no further action',
  );
  // The audit trail records all three.
  await page.getByRole('button', { name: 'Show the audit trail' }).click();
  for (const action of ['waiver.request', 'waiver.approve', 'waiver.revoke'])
    await page
      .getByRole('row')
      .filter({ hasText: action })
      .filter({ hasText: 'user:development/guest' })
      .first()
      .waitFor({ timeout: 30_000 });
  console.log(
    'e2e: waivers: the guest revoked it; the audit trail shows request, approval and revocation',
  );
  return code;
}

/** A control a user may not use: visible, announced as disabled, and saying why. */
async function expectRefused(
  page: Page,
  name: string,
  reason: string | RegExp,
): Promise<void> {
  const button = page.getByRole('button', { name }).first();
  await button.waitFor();
  // Permissions load after the page: the button is enabled only for those who hold them.
  const deadline = Date.now() + 30_000;
  while ((await button.getAttribute('aria-disabled')) !== 'true') {
    if (Date.now() > deadline)
      throw new Error(
        `"${name}" is not disabled for a user without permission`,
      );
    await page.waitForTimeout(250);
  }
  const description = await button.getAttribute('aria-describedby');
  assert.ok(description, `"${name}" is described by why it is disabled`);
  const said = await page.locator(`[id="${description}"]`).innerText();
  assert.match(said, typeof reason === 'string' ? new RegExp(reason) : reason);
  // The reason is shown too, not only read out: hovering shows it.
  await button.hover();
  await page.getByRole('tooltip').filter({ hasText: reason }).waitFor();
}

/** The viewer sees the waiver controls disabled with the reason, and the backend refuses them. */
async function refusedAsViewer(
  page: Page,
  appUrl: string,
  backendUrl: string,
  code: string,
) {
  await openService(page, appUrl);
  await expectRefused(
    page,
    'Request a waiver',
    'You may not request waivers for this service',
  );
  console.log(
    'e2e: waivers: a viewer from web-team sees "Request a waiver" disabled, with why',
  );

  // The backend refuses it too, with the viewer's own sign-in token.
  const status = await page.evaluate(
    async ({ backend, rule, name }) => {
      const refresh = await fetch(`${backend}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
        credentials: 'include',
      });
      const { backstageIdentity } = await refresh.json();
      const response = await fetch(
        `${backend}/api/mesh/entities/component/default/${name}/waivers`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${backstageIdentity.token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            ruleCode: rule,
            reason: 'e2e: not mine to waive',
            expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          }),
        },
      );
      return response.status;
    },
    { backend: backendUrl, rule: code, name: service },
  );
  assert.equal(status, 403, 'the backend refuses a viewer’s waiver request');
  console.log('e2e: waivers: the backend refuses the viewer’s request (403)');
}

/**
 * Request and revoke a waiver as a permitted user, be refused as an
 * unpermitted one. Leaves the guest of app-config.yaml signing in.
 */
export async function checkWaivers(
  browser: Browser,
  appUrl: string,
  backendUrl: string,
  identity: GuestIdentity,
): Promise<void> {
  const guestPage = await signIn(browser, appUrl);
  const code = await requestApproveRevoke(guestPage, appUrl);
  await guestPage.context().close();

  try {
    await identity.become(viewer);
    const viewerPage = await signIn(browser, appUrl);
    await refusedAsViewer(viewerPage, appUrl, backendUrl, code);
    await viewerPage.context().close();
  } finally {
    await identity.become(undefined);
  }
}
