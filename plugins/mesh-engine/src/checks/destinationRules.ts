import { selectorMatches } from '../analysis/labelSelector';
import { resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';
import { reportDuplicateDestinationRules } from './duplicateDestinationRules';

const originatesTls = (tls: any) =>
  isRecord(tls) && (tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL');
/** Sidecars read credentialName only with a workloadSelector (istioctl IST0128); skipping verification is no verification. */
const verifiesServer = (tls: any, rule: IndexedObject) =>
  Boolean(
    tls.caCertificates ||
      (tls.credentialName && isRecord(rule.object.spec?.workloadSelector)),
  );

/** Node locality labels Istio adds to a pod's labels; nodes are not in a repository. */
const topologyLabels = new Set([
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
]);

/** Subset labels that can be checked against workloads: a topology label with a value may match the pod's node. */
function checkableLabels(labels: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(labels).filter(
      ([key, value]) => !(topologyLabels.has(key) && value !== ''),
    ),
  );
}

/** Every TLS setting of a DestinationRule: rule level, per subset, per port. */
function tlsSettings(
  rule: IndexedObject,
): Array<{ tls: any; portLevel: boolean; where: string }> {
  const spec = rule.object.spec ?? {};
  const settings: Array<{ tls: any; portLevel: boolean; where: string }> = [];
  const fromPolicy = (policy: any, where: string) => {
    if (!isRecord(policy)) return;
    if (isRecord(policy.tls))
      settings.push({ tls: policy.tls, portLevel: false, where });
    for (const port of policy.portLevelSettings ?? []) {
      if (isRecord(port?.tls))
        settings.push({
          tls: port.tls,
          portLevel: true,
          where: `${where} port ${port.port?.number ?? '?'}`,
        });
    }
  };
  fromPolicy(spec.trafficPolicy, 'trafficPolicy');
  for (const subset of spec.subsets ?? [])
    fromPolicy(subset?.trafficPolicy, `subset ${subset?.name}`);
  return settings;
}

export function checkDestinationRules(context: CheckContext) {
  const { index, report } = context;
  const byHost = new Map<string, IndexedObject[]>();

  for (const rule of index.istio('DestinationRule')) {
    const spec = rule.object.spec ?? {};
    if (typeof spec.host !== 'string') continue;
    const host = resolveHost(spec.host, rule.namespace);
    const list = byHost.get(host);
    if (list) list.push(rule);
    else byHost.set(host, [rule]);

    if (!host.startsWith('*') && !index.hostExists(host)) {
      report.report(
        'MP1108',
        `Host ${spec.host} matches no Service or ServiceEntry`,
        rule,
      );
    }

    const service = index.serviceOfHost(host);
    const serviceWorkloads = service
      ? index.workloadsOfService(service)
      : undefined;
    for (const subset of spec.subsets ?? []) {
      const labels = subset?.labels;
      if (!isRecord(labels) || Object.keys(labels).length === 0) {
        report.report(
          'MP1106',
          `Subset ${subset?.name} has no labels, so it selects every version`,
          rule,
        );
        continue;
      }
      const checkable = checkableLabels(labels);
      if (
        serviceWorkloads &&
        !serviceWorkloads.some(w => selectorMatches(checkable, w.labels))
      ) {
        report.report(
          'MP1107',
          `Subset ${subset.name} (${Object.entries(labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}) matches no workload of ${service!.ref.name}`,
          rule,
        );
      }
    }

    for (const { tls, portLevel, where } of tlsSettings(rule)) {
      if (originatesTls(tls) && !verifiesServer(tls, rule)) {
        report.report(
          portLevel ? 'MP1116' : 'MP1115',
          `TLS ${tls.mode} in ${where} does not verify the server: no caCertificates (or credentialName with a workloadSelector)`,
          rule,
        );
      }
      if (tls.mode === 'DISABLE' && serviceWorkloads?.length) {
        const strict = serviceWorkloads.find(
          w => context.mtls.forWorkload(w).mode === 'STRICT',
        );
        if (strict) {
          report.report(
            'MP1201',
            `TLS is DISABLE in ${where}, but ${strict.ref.name} requires STRICT mTLS: its callers will be refused`,
            rule,
          );
        }
      }
    }
  }

  reportDuplicateDestinationRules(context, byHost);
}
