import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { stringify } from 'yaml';
import { KUBERNETES_ID_LABEL } from '../manifests/common';
import { ManifestFile } from './yamlEdits';

/** The codes `mesh:remediate` fixes; the rule catalogue marks the same ones `fixable`. */
export const REMEDIABLE_CODES = [
  'MP1201',
  'MP2001',
  'MP2002',
  'MP2005',
  'MP2006',
  'MP2007',
] as const;
export type RemediableCode = (typeof REMEDIABLE_CODES)[number];

export interface RemediationTarget {
  name: string;
  namespace: string;
  /** The golden path's traffic policy: the values a fix writes. */
  trafficPolicy: MeshServiceSpec['trafficPolicy'];
}

/** One change, as the pull request describes it. */
export interface Change {
  code: RemediableCode;
  file: string;
  what: string;
}

/** The service's declared manifests, and files the fixes add beside them. */
export interface Workspace {
  files: ManifestFile[];
  /** Adds a new file to the manifests folder (and its kustomization). */
  add(name: string, objects: object[]): ManifestFile;
}

interface Found {
  file: ManifestFile;
  index: number;
  value: any;
}

function find(workspace: Workspace, target: RemediationTarget, kind: string) {
  return workspace.files.flatMap(file =>
    file
      .objects()
      .filter(
        o =>
          o.value.kind === kind &&
          (o.value.metadata?.namespace ?? target.namespace) ===
            target.namespace,
      )
      .map(o => ({ file, ...o })),
  );
}

const hostNames = (t: RemediationTarget) => [
  t.name,
  `${t.name}.${t.namespace}`,
  `${t.name}.${t.namespace}.svc`,
  `${t.name}.${t.namespace}.svc.cluster.local`,
];

const canaryOf = (w: Workspace, t: RemediationTarget) =>
  find(w, t, 'Canary').find(c => c.value.spec?.targetRef?.name === t.name);

const routesOf = (w: Workspace, t: RemediationTarget) =>
  find(w, t, 'VirtualService').filter(v =>
    (v.value.spec?.hosts ?? []).some((h: string) => hostNames(t).includes(h)),
  );

const destinationRulesOf = (w: Workspace, t: RemediationTarget) =>
  find(w, t, 'DestinationRule').filter(d =>
    hostNames(t).includes(d.value.spec?.host),
  );

const durationMs = (value: unknown) => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(value));
  return m
    ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms']
    : NaN;
};

type Fix = (
  w: Workspace,
  t: RemediationTarget,
  changes: Change[],
) => string | undefined;

/** MP2001: every PeerAuthentication of the namespace STRICT, or one for the workload. */
const strictMtls: Fix = (w, t, changes) => {
  const policies = find(w, t, 'PeerAuthentication');
  for (const pa of policies) {
    if (pa.file.set(pa.index, ['spec', 'mtls', 'mode'], 'STRICT'))
      changes.push({
        code: 'MP2001',
        file: pa.file.path,
        what: `PeerAuthentication ${pa.value.metadata.name}: mtls.mode STRICT`,
      });
    for (const port of Object.keys(pa.value.spec?.portLevelMtls ?? {}))
      if (
        pa.file.set(pa.index, ['spec', 'portLevelMtls', port, 'mode'], 'STRICT')
      )
        changes.push({
          code: 'MP2001',
          file: pa.file.path,
          what: `PeerAuthentication ${pa.value.metadata.name}: port ${port} STRICT`,
        });
  }
  if (policies.length === 0) {
    const file = w.add('peerauthentication.yaml', [
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: t.name, namespace: t.namespace },
        spec: {
          selector: { matchLabels: { [KUBERNETES_ID_LABEL]: t.name } },
          mtls: { mode: 'STRICT' },
        },
      },
    ]);
    changes.push({
      code: 'MP2001',
      file: file.path,
      what: `new PeerAuthentication ${t.name}: STRICT for the workloads labelled ${KUBERNETES_ID_LABEL}=${t.name}`,
    });
  }
  return undefined;
};

/** MP1201: no DestinationRule turns mTLS off towards the service. */
const meshTls: Fix = (w, t, changes) => {
  const rules: Array<Found & { base: Array<string | number> }> = [
    ...destinationRulesOf(w, t).map(d => ({
      ...d,
      base: ['spec', 'trafficPolicy'],
    })),
    ...[canaryOf(w, t)].flatMap(c =>
      c ? [{ ...c, base: ['spec', 'service', 'trafficPolicy'] }] : [],
    ),
  ];
  for (const rule of rules) {
    const policy = rule.base.reduce((v: any, k) => v?.[k], rule.value);
    if (
      policy?.tls?.mode === 'DISABLE' &&
      rule.file.set(rule.index, [...rule.base, 'tls', 'mode'], 'ISTIO_MUTUAL')
    )
      changes.push({
        code: 'MP1201',
        file: rule.file.path,
        what: `${rule.value.kind} ${rule.value.metadata.name}: tls.mode ISTIO_MUTUAL (was DISABLE)`,
      });
    (policy?.portLevelSettings ?? []).forEach((setting: any, i: number) => {
      if (
        setting?.tls?.mode === 'DISABLE' &&
        rule.file.set(
          rule.index,
          [...rule.base, 'portLevelSettings', i, 'tls', 'mode'],
          'ISTIO_MUTUAL',
        )
      )
        changes.push({
          code: 'MP1201',
          file: rule.file.path,
          what: `${rule.value.kind} ${rule.value.metadata.name}: port ${
            setting.port?.number ?? i
          } tls.mode ISTIO_MUTUAL (was DISABLE)`,
        });
    });
  }
  return undefined;
};

/** Where routes live: the Canary's service block (Flagger writes the VirtualService), else each VirtualService route. */
function routeBlocks(w: Workspace, t: RemediationTarget) {
  const canary = canaryOf(w, t);
  if (canary)
    return [
      {
        ...canary,
        path: ['spec', 'service'] as Array<string | number>,
        label: '',
      },
    ];
  return routesOf(w, t).flatMap(v => {
    const routes = v.value.spec?.http ?? [];
    return routes.map((_: unknown, i: number) => ({
      ...v,
      path: ['spec', 'http', i] as Array<string | number>,
      label: routes.length > 1 ? ` route ${i + 1}` : '',
    }));
  });
}

const at = (value: any, path: Array<string | number>) =>
  path.reduce((v: any, k) => v?.[k], value);

/** MP2005: a timeout on every route, the golden path's. */
const routeTimeout: Fix = (w, t, changes) => {
  const blocks = routeBlocks(w, t);
  if (blocks.length === 0)
    return 'the manifests declare no VirtualService or Canary for the service';
  for (const block of blocks) {
    const current = at(block.value, [...block.path, 'timeout']);
    const valid = durationMs(current) > 0;
    if (
      !valid &&
      block.file.set(
        block.index,
        [...block.path, 'timeout'],
        t.trafficPolicy.timeout,
      )
    )
      changes.push({
        code: 'MP2005',
        file: block.file.path,
        what: `${block.value.kind} ${block.value.metadata.name}${block.label}: timeout ${t.trafficPolicy.timeout}`,
      });
  }
  return undefined;
};

/** MP2006: retries bounded by the golden path, with a per-try timeout. */
const boundedRetries: Fix = (w, t, changes) => {
  const blocks = routeBlocks(w, t);
  if (blocks.length === 0)
    return 'the manifests declare no VirtualService or Canary for the service';
  const { attempts, perTryTimeout } = t.trafficPolicy.retries;
  for (const block of blocks) {
    const retries = at(block.value, [...block.path, 'retries']);
    const name = `${block.value.kind} ${block.value.metadata.name}${block.label}`;
    if (!retries || typeof retries !== 'object') {
      if (
        block.file.set(block.index, [...block.path, 'retries'], {
          attempts,
          perTryTimeout,
        })
      )
        changes.push({
          code: 'MP2006',
          file: block.file.path,
          what: `${name}: at most ${attempts} retries of ${perTryTimeout}`,
        });
      continue;
    }
    if (
      !(Number(retries.attempts) <= attempts) &&
      block.file.set(
        block.index,
        [...block.path, 'retries', 'attempts'],
        attempts,
      )
    )
      changes.push({
        code: 'MP2006',
        file: block.file.path,
        what: `${name}: retries.attempts ${attempts} (was ${
          retries.attempts ?? 'unset'
        })`,
      });
    if (
      !(durationMs(retries.perTryTimeout) > 0) &&
      block.file.set(
        block.index,
        [...block.path, 'retries', 'perTryTimeout'],
        perTryTimeout,
      )
    )
      changes.push({
        code: 'MP2006',
        file: block.file.path,
        what: `${name}: retries.perTryTimeout ${perTryTimeout}`,
      });
  }
  return undefined;
};

/** MP2007: outlier detection and connection-pool limits, in the Canary or the DestinationRule. */
const resilience: Fix = (w, t, changes) => {
  const canary = canaryOf(w, t);
  const { connectionPool, outlierDetection } = t.trafficPolicy;
  // As the generator writes it: Flagger's CRD takes HTTP pool settings only (a `tcp` block is pruned), and maxConnections caps concurrent requests.
  const pool = {
    http: {
      http1MaxPendingRequests: connectionPool.http1MaxPendingRequests,
      http2MaxRequests: connectionPool.maxConnections,
    },
  };
  const targets: Array<Found & { base: string[] }> = canary
    ? [{ ...canary, base: ['spec', 'service', 'trafficPolicy'] }]
    : destinationRulesOf(w, t).map(d => ({
        ...d,
        base: ['spec', 'trafficPolicy'],
      }));
  if (targets.length === 0) {
    const file = w.add('destinationrule.yaml', [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: t.name, namespace: t.namespace },
        spec: {
          host: `${t.name}.${t.namespace}.svc.cluster.local`,
          trafficPolicy: { connectionPool: pool, outlierDetection },
        },
      },
    ]);
    changes.push({
      code: 'MP2007',
      file: file.path,
      what: `new DestinationRule ${t.name}: outlier detection and connection-pool limits`,
    });
    return undefined;
  }
  for (const target of targets) {
    const name = `${target.value.kind} ${target.value.metadata.name}`;
    const policy = at(target.value, target.base) ?? {};
    if (
      !policy.outlierDetection &&
      target.file.set(
        target.index,
        [...target.base, 'outlierDetection'],
        outlierDetection,
      )
    )
      changes.push({
        code: 'MP2007',
        file: target.file.path,
        what: `${name}: outlier detection after ${outlierDetection.consecutive5xxErrors} consecutive 5xx`,
      });
    if (
      !policy.connectionPool &&
      target.file.set(target.index, [...target.base, 'connectionPool'], pool)
    )
      changes.push({
        code: 'MP2007',
        file: target.file.path,
        what: `${name}: at most ${connectionPool.maxConnections} concurrent requests`,
      });
  }
  return undefined;
};

/** MP2002: the namespace denies by default; only once its callers are allowed by name, or the fix would refuse them all. */
const defaultDeny: Fix = (w, t, changes) => {
  const policies = find(w, t, 'AuthorizationPolicy');
  const denyAll = policies.some(p => {
    const spec = p.value.spec ?? {};
    return (
      !spec.selector && !spec.rules && (spec.action ?? 'ALLOW') === 'ALLOW'
    );
  });
  if (denyAll) return undefined;
  const allowsCallers = policies.some(
    p =>
      (p.value.spec?.action ?? 'ALLOW') === 'ALLOW' &&
      Array.isArray(p.value.spec?.rules) &&
      p.value.spec.rules.length > 0,
  );
  if (!allowsCallers)
    return 'no ALLOW AuthorizationPolicy names the callers yet: a default deny would refuse every request (onboard the service, or declare its callers, first)';
  const name = `${t.namespace}-deny-all`;
  const file = w.add('authorizationpolicy-deny-all.yaml', [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name, namespace: t.namespace },
      spec: {},
    },
  ]);
  changes.push({
    code: 'MP2002',
    file: file.path,
    what: `new AuthorizationPolicy ${name}: the namespace denies what no ALLOW policy allows`,
  });
  return undefined;
};

const fixes: Record<RemediableCode, Fix> = {
  MP1201: meshTls,
  MP2001: strictMtls,
  MP2002: defaultDeny,
  MP2005: routeTimeout,
  MP2006: boundedRetries,
  MP2007: resilience,
};

/**
 * Applies the fixes for `codes` to the service's manifests, in code order.
 * Returns what changed and, per code that could not be fixed, why.
 */
export function applyFixes(
  workspace: Workspace,
  target: RemediationTarget,
  codes: RemediableCode[],
): {
  changes: Change[];
  refusals: Array<{ code: RemediableCode; why: string }>;
} {
  const changes: Change[] = [];
  const refusals: Array<{ code: RemediableCode; why: string }> = [];
  for (const code of [...new Set(codes)].sort()) {
    const why = fixes[code](workspace, target, changes);
    if (why) refusals.push({ code, why });
  }
  return { changes, refusals };
}

/** A new manifest file's text. */
export const manifestText = (objects: object[]) =>
  objects.map(o => stringify(o)).join('---\n');
