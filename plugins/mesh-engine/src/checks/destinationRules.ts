import { selectorMatches } from '../analysis/labelSelector';
import { resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';

const originatesTls = (tls: any) =>
  isRecord(tls) && (tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL');
const verifiesServer = (tls: any) =>
  Boolean(
    tls.caCertificates || tls.credentialName || tls.insecureSkipVerify === true,
  );

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
      if (
        serviceWorkloads &&
        !serviceWorkloads.some(w => selectorMatches(labels, w.labels))
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
      if (originatesTls(tls) && !verifiesServer(tls)) {
        report.report(
          portLevel ? 'MP1116' : 'MP1115',
          `TLS ${tls.mode} in ${where} does not verify the server: no caCertificates or credentialName`,
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

  for (const [host, rules] of byHost) {
    if (rules.length < 2) continue;
    // Rules for different workloads (workloadSelector) do not collide.
    const unscoped = rules.filter(
      rule => !isRecord(rule.object.spec?.workloadSelector),
    );
    const seenSubsets = new Map<string, IndexedObject>();
    const wholeHost: IndexedObject[] = [];
    for (const rule of unscoped) {
      const subsets: any[] = rule.object.spec?.subsets ?? [];
      if (subsets.length === 0) wholeHost.push(rule);
      for (const subset of subsets) {
        const previous = seenSubsets.get(subset?.name);
        if (previous && previous !== rule) {
          report.report(
            'MP1105',
            `Subset ${subset.name} of ${host} is also defined by DestinationRule ${previous.namespace}/${previous.ref.name}`,
            rule,
          );
        } else {
          seenSubsets.set(subset?.name, rule);
        }
      }
    }
    if (wholeHost.length > 1) {
      for (const rule of wholeHost) {
        const others = wholeHost
          .filter(r => r !== rule)
          .map(r => `${r.namespace}/${r.ref.name}`);
        report.report(
          'MP1105',
          `Host ${host} also has DestinationRule ${others.join(', ')}`,
          rule,
        );
      }
    }
  }
}
