// Dev-only: requests and approves the waivers of examples/waivers.yaml through
// the mesh API, signed in as the local guest (who may approve locally:
// mesh.waivers.allowSelfApproval), once the backend answers. Expiry is counted
// from now, so "expires soon" stays true. A waiver already pending or approved
// for the same rule and object is left alone, so a restart adds nothing.
// Run: node examples/tools/seed-waivers.mjs [backend URL, default http://localhost:7007]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const backend = process.argv[2] ?? 'http://localhost:7007';
const file = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'waivers.yaml',
);
const { waivers } = parse(readFileSync(file, 'utf8'));
const day = 24 * 60 * 60 * 1000;

async function guestToken() {
  const response = await fetch(`${backend}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok)
    throw new Error(`guest sign-in failed: HTTP ${response.status}`);
  return (await response.json()).backstageIdentity.token;
}

/** Signs in as the guest once the backend and the mesh plugin answer (health needs credentials). */
async function signInWhenReady(deadline) {
  for (;;) {
    try {
      const token = await guestToken();
      const health = await fetch(`${backend}/api/mesh/health`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (health.ok) return token;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${backend} did not answer /api/mesh/health`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

async function call(token, method, path, body) {
  const response = await fetch(`${backend}/api/mesh${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok)
    throw new Error(
      `${method} ${path}: HTTP ${response.status} ${await response.text()}`,
    );
  return response.json();
}

const token = await signInWhenReady(Date.now() + 10 * 60 * 1000);
for (const waiver of waivers) {
  const [kind, rest] = waiver.entityRef.split(':');
  const [namespace, name] = rest.split('/');
  const base = `/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}/waivers`;
  const existing = await call(token, 'GET', base);
  const items = Array.isArray(existing) ? existing : existing.items ?? [];
  if (
    items.some(
      w =>
        w.ruleCode === waiver.ruleCode &&
        w.objectRef === waiver.objectRef &&
        ['pending', 'approved'].includes(w.status),
    )
  ) {
    console.log(
      `waiver ${waiver.ruleCode} for ${waiver.entityRef} already there`,
    );
    continue;
  }
  const created = await call(token, 'POST', base, {
    ruleCode: waiver.ruleCode,
    ...(waiver.objectRef ? { objectRef: waiver.objectRef } : {}),
    reason: waiver.reason,
    expiresAt: new Date(Date.now() + waiver.expiresInDays * day).toISOString(),
  });
  await call(
    token,
    'POST',
    `${base}/${encodeURIComponent(created.id)}/approve`,
    {
      comment: waiver.approvalComment,
    },
  );
  console.log(
    `waiver ${waiver.ruleCode} for ${waiver.entityRef} approved until ${created.expiresAt}`,
  );
}
