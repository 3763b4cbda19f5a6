import type { Config } from '@backstage/config';

/**
 * What the generated objects must know about the platform they land on:
 * where its shared workloads run and which namespaces are not a service's.
 * @public
 */
export interface MeshPlatform {
  /** SPIFFE trust domain of the mesh's identities (principals are `<trustDomain>/ns/<ns>/sa/<name>`). */
  trustDomain: string;
  /** Namespace of the Prometheus that scrapes the sidecars (ports 15020 and 15090). */
  monitoringNamespace: string;
  /** Namespace of the ingress gateway PODS, which is what policies see (not the Gateway resource's). */
  ingressNamespace: string;
  /** Pod labels of the ingress gateway, selected by a Gateway Meshpath writes (for a TLS credential). */
  ingressSelector: Record<string, string>;
  /** Flagger's load tester: blue/green and A/B canaries get no traffic without it. */
  loadTester: { enabled: boolean; namespace: string; url: string };
  /** Namespaces no service is onboarded into; a trailing `*` matches a prefix. */
  refusedNamespaces: string[];
}

/** Istio's and Flagger's own defaults, and the namespaces that belong to the platform. @public */
export const PLATFORM_DEFAULTS: MeshPlatform = {
  trustDomain: 'cluster.local',
  monitoringNamespace: 'monitoring',
  ingressNamespace: 'istio-ingress',
  ingressSelector: { istio: 'ingressgateway' },
  loadTester: {
    enabled: true,
    namespace: 'flagger-system',
    url: 'http://flagger-loadtester.flagger-system/',
  },
  refusedNamespaces: ['istio-system', 'kube-*', 'default'],
};

/**
 * `mesh.platform` from app-config over the defaults; a golden path's
 * `defaults.platform` may still override it.
 * @public
 */
export function readMeshPlatform(config: Config): MeshPlatform {
  const section = config.getOptionalConfig('mesh.platform');
  if (!section) return PLATFORM_DEFAULTS;
  const loadTester = section.getOptionalConfig('loadTester');
  const namespace =
    loadTester?.getOptionalString('namespace') ??
    PLATFORM_DEFAULTS.loadTester.namespace;
  return {
    trustDomain:
      section.getOptionalString('trustDomain') ?? PLATFORM_DEFAULTS.trustDomain,
    monitoringNamespace:
      section.getOptionalString('monitoringNamespace') ??
      PLATFORM_DEFAULTS.monitoringNamespace,
    ingressNamespace:
      section.getOptionalString('ingressNamespace') ??
      PLATFORM_DEFAULTS.ingressNamespace,
    ingressSelector:
      (section.getOptional('ingressSelector') as Record<string, string>) ??
      PLATFORM_DEFAULTS.ingressSelector,
    loadTester: {
      enabled: loadTester?.getOptionalBoolean('enabled') ?? true,
      namespace,
      url:
        loadTester?.getOptionalString('url') ??
        `http://flagger-loadtester.${namespace}/`,
    },
    refusedNamespaces:
      section.getOptionalStringArray('refusedNamespaces') ??
      PLATFORM_DEFAULTS.refusedNamespaces,
  };
}

/**
 * Whether a namespace is one the actions refuse (the mesh root, `kube-*`,
 * `default` unless configured otherwise).
 * @public
 */
export function isRefusedNamespace(
  platform: Pick<MeshPlatform, 'refusedNamespaces'>,
  namespace: string,
): boolean {
  return platform.refusedNamespaces.some(pattern =>
    pattern.endsWith('*')
      ? namespace.startsWith(pattern.slice(0, -1))
      : namespace === pattern,
  );
}
