/** A served API version that its project has deprecated, and the version to move to. */
export interface DeprecatedApiVersion {
  apiVersion: string;
  kind: string;
  moveTo: string;
}

const gatewayApi = 'gateway.networking.k8s.io';
const gatewayApiPrefix = `${gatewayApi}/`;

/**
 * Deprecated versions, as the projects' own CRDs mark them (`deprecated: true`
 * on a served version). Istio's CRDs mark none of v1alpha3/v1beta1/v1, and
 * Flagger serves only v1beta1, so neither appears here.
 */
const deprecations = new Map<string, string>([
  ...[
    'Gateway',
    'GatewayClass',
    'HTTPRoute',
    'GRPCRoute',
    'TCPRoute',
    'TLSRoute',
    'UDPRoute',
  ].map(kind => [`v1alpha2/${kind}`, 'v1'] as const),
  ['v1alpha2/ReferenceGrant', 'v1beta1'],
  ['v1alpha3/TLSRoute', 'v1'],
]);

/** The deprecation of an apiVersion and kind, if its project deprecated it. */
export function deprecatedApiVersion(
  apiVersion: string,
  kind: string,
): DeprecatedApiVersion | undefined {
  // Asked of every object: a prefix test, not a cut string.
  if (!apiVersion.startsWith(gatewayApiPrefix)) return undefined;
  const version = apiVersion.slice(gatewayApiPrefix.length);
  const moveTo = deprecations.get(`${version}/${kind}`);
  return moveTo
    ? { apiVersion, kind, moveTo: `${gatewayApi}/${moveTo}` }
    : undefined;
}
