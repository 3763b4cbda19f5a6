/* eslint-disable no-console -- a command-line check that reports its progress */
/*
 * The fleet page, "Fix with a pull request" and accessibility, as a user
 * meets them on the example estate. Called by portal.e2e.ts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';

const axeScript = require.resolve('axe-core/axe.min.js');

/** The fleet table's data rows, as the cells' texts. */
async function fleetRows(page: Page): Promise<string[][]> {
  const table = page.getByRole('table', { name: /Services in the mesh/ });
  const rows = table.locator('tbody tr');
  const count = await rows.count();
  const cells: string[][] = [];
  for (let i = 0; i < count; i++)
    cells.push(await rows.nth(i).locator('td').allInnerTexts());
  return cells;
}

async function fleetTotal(page: Page): Promise<number> {
  const title = await page
    .getByText(/Services in the mesh \(\d+\)/)
    .first()
    .innerText();
  return Number(/\((\d+)\)/.exec(title)![1]);
}

/** Waits for the next fleet page the browser asks the backend for. */
function nextFleetPage(page: Page, search: RegExp) {
  return page.waitForResponse(
    r => /\/api\/mesh\/fleet\?/.test(r.url()) && search.test(r.url()),
    { timeout: 30_000 },
  );
}

/**
 * The healthy estate: prod-eu's read is recorded, no cluster failed, and no
 * banner names one (with prod-us at a missing folder this fails).
 */
async function checkClustersRead(
  page: Page,
  outcomes: { json(): Promise<any> },
): Promise<void> {
  const { items } = (await outcomes.json()) as {
    items: Array<{ cluster: string; readable: boolean; errors: string[] }>;
  };
  assert.ok(
    items.some(o => o.cluster === 'prod-eu'),
    `the read of prod-eu is recorded (${items.map(o => o.cluster)})`,
  );
  const failed = items.filter(o => !o.readable || o.errors.length > 0);
  assert.deepEqual(failed, [], 'every example cluster was read');
  await page.waitForTimeout(500);
  assert.equal(
    await page
      .getByText(/could not be read at (its|their) last refresh/)
      .count(),
    0,
    'the fleet page names no cluster as unread',
  );
  console.log(
    `e2e: the fleet page names no unread cluster (${items
      .map(o => o.cluster)
      .join(', ')} read)`,
  );
}

/** Sort, filter with the catalog's picker and the mesh's own, export the filtered set. */
export async function checkFleet(page: Page, appUrl: string): Promise<void> {
  const outcomes = page.waitForResponse(
    r => new URL(r.url()).pathname.endsWith('/api/mesh/clusters'),
    { timeout: 60_000 },
  );
  await page.goto(`${appUrl}/mesh`);
  await page
    .getByText(/Services in the mesh \(\d+\)/)
    .waitFor({ timeout: 60_000 });
  const everyone = await fleetTotal(page);
  assert.ok(everyone >= 12, `the fleet lists the estate (${everyone})`);
  await checkClustersRead(page, await outcomes);

  // Most open findings first: the backend sorts, across pages.
  const sortBy = page.getByRole('button', { name: 'Sort by Open findings' });
  const ascending = nextFleetPage(page, /sort=openFindings&order=asc/);
  await sortBy.click();
  await ascending;
  const descending = nextFleetPage(page, /sort=openFindings&order=desc/);
  await sortBy.click();
  await descending;
  await page.waitForTimeout(500);
  const findings = (await fleetRows(page)).map(cells => Number(cells[9]));
  assert.deepEqual(
    findings,
    [...findings].sort((a, b) => b - a),
    `open findings sorted worst first: ${findings}`,
  );
  console.log(`e2e: fleet sorted by open findings, worst first (${findings})`);

  // The catalog's own owner picker, then the mesh's status filter.
  const owned = nextFleetPage(page, /owner=group%3Adefault%2Fcatalog-team/);
  await page.getByLabel('Owner').first().click();
  await page
    .getByRole('option', { name: /catalog-team/ })
    .first()
    .click();
  await owned;
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  const catalogTeam = await fleetRows(page);
  assert.ok(catalogTeam.length >= 4, 'catalog-team owns four services');
  for (const cells of catalogTeam)
    assert.match(cells[2], /catalog-team/, `owner of ${cells[0]}`);
  console.log(
    `e2e: fleet filtered by the catalog's owner picker: ${catalogTeam
      .map(c => c[0])
      .join(', ')}`,
  );

  // Export what the filter keeps: every page, as CSV.
  const download = page.waitForEvent('download', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.match(lines[0], /^service,owner,system,lifecycle,namespace,clusters/);
  assert.equal(
    lines.length - 1,
    await fleetTotal(page),
    'the CSV holds every service the filter keeps',
  );
  for (const line of lines.slice(1))
    assert.match(line, /group:default\/catalog-team/);
  console.log(`e2e: fleet CSV export: ${lines.length - 1} services`);
}

/** From a fixable finding to the remediation template with its fields filled. */
export async function checkFixWithPullRequest(
  page: Page,
  appUrl: string,
  service: string,
): Promise<void> {
  await page.goto(`${appUrl}/catalog/default/component/${service}/mesh`);
  const fix = page.getByRole('link', { name: /^Fix with a pull request MP/ });
  await fix.first().waitFor({ timeout: 60_000 });
  const code = (await fix.first().getAttribute('aria-label'))!
    .split(' ')
    .pop()!;
  await fix.first().click();
  await page.waitForURL(/\/create\/templates\/default\/mesh-remediate/);
  await page
    .getByText('Fix mesh findings with a pull request')
    .first()
    .waitFor({ timeout: 60_000 });
  const checked = page.getByRole('checkbox', { checked: true });
  await checked.first().waitFor({ timeout: 30_000 });
  const labels = await page
    .locator('label')
    .filter({ has: page.locator('input[type=checkbox]:checked') })
    .allInnerTexts();
  assert.ok(
    labels.some(l => l.includes(code)),
    `${code} is ticked in the form (${labels})`,
  );
  assert.ok(
    (await page.locator(`input[value*="${service}"]`).count()) > 0 ||
      (await page.getByText(service).count()) > 0,
    `the form names ${service}`,
  );
  console.log(
    `e2e: ${service}: "Fix with a pull request" opens mesh-remediate with ${service} and ${code} filled`,
  );
}

/** No serious or critical accessibility violation on the page (axe-core in the page). */
export async function checkAccessibility(
  page: Page,
  label: string,
): Promise<void> {
  await page.addScriptTag({ path: resolve(axeScript) });
  const violations: Array<{
    id: string;
    impact: string;
    help: string;
    nodes: Array<{ target: string[] }>;
  }> = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target })),
    }));
  });
  const serious = violations.filter(v =>
    ['serious', 'critical'].includes(v.impact),
  );
  assert.deepEqual(
    serious.map(
      v =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .slice(0, 3)
          .map(n => n.target.join(' '))
          .join('; ')})`,
    ),
    [],
    `${label}: serious or critical accessibility violations`,
  );
  console.log(
    `e2e: ${label}: no serious or critical accessibility violation (axe-core; ${violations.length} minor)`,
  );
}
