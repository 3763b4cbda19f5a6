import type {
  ClientTls,
  ClientTlsMode,
  ObjectRef,
} from '@meshpath/plugin-mesh-common';
import { isRecord } from '../../objects';
import { hostMatches, resolveHost } from '../hosts';
import type { IndexedObject, MeshIndex } from '../meshIndex';

const tlsModes = new Set(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);

interface IndexedRule {
  rule: IndexedObject;
  host: string;
}

function tlsModeOf(policy: unknown): ClientTlsMode | undefined {
  const mode =
    isRecord(policy) && isRecord(policy.tls) ? policy.tls.mode : undefined;
  return typeof mode === 'string' && tlsModes.has(mode)
    ? (mode as ClientTlsMode)
    : undefined;
}

/** Whether a DestinationRule in `namespace` is visible to clients in `client` (exportTo). */
function visibleTo(rule: IndexedObject, client: string): boolean {
  const exportTo = rule.object.spec?.exportTo;
  if (!Array.isArray(exportTo) || exportTo.length === 0) return true;
  return exportTo.some(
    (to: unknown) =>
      to === '*' || to === client || (to === '.' && rule.namespace === client),
  );
}

/**
 * DestinationRules by namespace, and the TLS a client uses towards a Service
 * port as Istio picks it: the DestinationRule of the client's namespace, else
 * of the Service's namespace, else of the root namespace (most specific host
 * within one namespace); its port-level `tls` over its `tls`; without `tls`,
 * auto-mTLS (mutual TLS to workloads with a proxy that accept it).
 */
export class DestinationRuleTls {
  /** Per namespace: rules by exact host, and wildcard rules most specific first. */
  private readonly byNamespace = new Map<
    string,
    { exact: Map<string, IndexedRule[]>; wildcards: IndexedRule[] }
  >();
  private readonly namespacesByHost = new Map<string, Set<string>>();
  private readonly wildcards: IndexedRule[] = [];

  constructor(private readonly index: MeshIndex) {
    for (const rule of index.istio('DestinationRule')) {
      const host = rule.object.spec?.host;
      if (typeof host !== 'string') continue;
      const indexed = { rule, host: resolveHost(host, rule.namespace) };
      let rules = this.byNamespace.get(rule.namespace);
      if (!rules)
        this.byNamespace.set(
          rule.namespace,
          (rules = { exact: new Map(), wildcards: [] }),
        );
      if (indexed.host.startsWith('*')) {
        rules.wildcards.push(indexed);
        this.wildcards.push(indexed);
      } else {
        const list = rules.exact.get(indexed.host) ?? [];
        list.push(indexed);
        rules.exact.set(indexed.host, list);
        const namespaces = this.namespacesByHost.get(indexed.host) ?? new Set();
        namespaces.add(rule.namespace);
        this.namespacesByHost.set(indexed.host, namespaces);
      }
    }
    for (const rules of this.byNamespace.values())
      rules.wildcards.sort((a, b) => b.host.length - a.host.length);
  }

  /** Namespaces other than these that hold a DestinationRule for the host. */
  clientNamespacesWithRules(host: string, except: string[]): string[] {
    const namespaces = new Set(this.namespacesByHost.get(host) ?? []);
    for (const wildcard of this.wildcards)
      if (hostMatches(wildcard.host, host))
        namespaces.add(wildcard.rule.namespace);
    return [...namespaces].filter(namespace => !except.includes(namespace));
  }

  /** The DestinationRule clients in `client` use for the host, if any. */
  ruleFor(
    host: string,
    serviceNamespace: string,
    client: string,
  ): IndexedObject | undefined {
    for (const namespace of [
      client,
      serviceNamespace,
      this.index.rootNamespace,
    ]) {
      const rules = this.byNamespace.get(namespace);
      if (!rules) continue;
      // An exact host is more specific than any wildcard.
      const found =
        (rules.exact.get(host) ?? []).find(r => visibleTo(r.rule, client)) ??
        rules.wildcards.find(
          r => hostMatches(r.host, host) && visibleTo(r.rule, client),
        );
      if (found) return found.rule;
    }
    return undefined;
  }

  /** The `tls` the rule sets for a Service port, port-level first. */
  static tlsOf(
    rule: IndexedObject | undefined,
    servicePort: number,
  ): { mode: ClientTlsMode; ref: ObjectRef } | undefined {
    if (!rule) return undefined;
    const policy = rule.object.spec?.trafficPolicy;
    const portLevel = (
      isRecord(policy) && Array.isArray(policy.portLevelSettings)
        ? policy.portLevelSettings
        : []
    ).find(
      (setting: unknown) =>
        isRecord(setting) &&
        isRecord(setting.port) &&
        Number(setting.port.number) === servicePort,
    );
    const mode = tlsModeOf(portLevel) ?? tlsModeOf(policy);
    return mode ? { mode, ref: rule.ref } : undefined;
  }
}

/** What auto-mTLS sends: mutual TLS to a proxy that does not refuse it, plaintext otherwise. */
export function autoMtls(serverMeshed: boolean, serverMode: string): ClientTls {
  return {
    mode: serverMeshed && serverMode !== 'DISABLE' ? 'ISTIO_MUTUAL' : 'DISABLE',
    decidedBy: 'auto-mTLS',
  };
}
