import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { Manifest, metadata, security, workloadSelector } from './common';

const bindTo = (spec: MeshServiceSpec) =>
  // Ambient L7 policy is enforced by a waypoint, which policies reach through targetRefs.
  spec.dataplane === 'ambient'
    ? { targetRefs: [{ kind: 'Service', group: '', name: spec.name }] }
    : { selector: { matchLabels: workloadSelector(spec) } };

/** STRICT mTLS for the service's workloads. */
export function peerAuthentication(spec: MeshServiceSpec): Manifest {
  return {
    apiVersion: security(spec),
    kind: 'PeerAuthentication',
    metadata: metadata(spec, spec.name),
    spec: {
      selector: { matchLabels: workloadSelector(spec) },
      mtls: { mode: 'STRICT' },
    },
  };
}

const principal = (account: string) => {
  const [namespace, name] = account.split('/');
  return `cluster.local/ns/${namespace}/sa/${name}`;
};

/** Namespace default-deny, the allow rule for the named callers, and the JWT requirement when exposed. */
export function authorizationPolicies(spec: MeshServiceSpec): Manifest[] {
  const manifests: Manifest[] = [
    // An empty spec denies every request to the namespace's workloads.
    {
      apiVersion: security(spec),
      kind: 'AuthorizationPolicy',
      metadata: metadata(spec, 'deny-all'),
      spec: {},
    },
  ];
  const sources = [
    ...(spec.callers.serviceAccounts.length
      ? [
          {
            source: { principals: spec.callers.serviceAccounts.map(principal) },
          },
        ]
      : []),
    ...(spec.callers.namespaces.length
      ? [{ source: { namespaces: [...spec.callers.namespaces] } }]
      : []),
  ];
  if (sources.length > 0) {
    manifests.push({
      apiVersion: security(spec),
      kind: 'AuthorizationPolicy',
      metadata: metadata(spec, `${spec.name}-callers`),
      spec: {
        selector: { matchLabels: workloadSelector(spec) },
        action: 'ALLOW',
        rules: sources.map(from => ({ from: [from] })),
      },
    });
  }
  if (spec.exposure.mode === 'gateway' && spec.exposure.jwt) {
    manifests.push({
      apiVersion: security(spec),
      kind: 'AuthorizationPolicy',
      metadata: metadata(spec, `${spec.name}-require-jwt`),
      spec: {
        ...bindTo(spec),
        action: 'ALLOW',
        // RequestAuthentication alone only rejects invalid tokens; this requires one.
        rules: [
          {
            from: [
              {
                source: {
                  requestPrincipals: [`${spec.exposure.jwt.issuer}/*`],
                },
              },
            ],
          },
        ],
      },
    });
  }
  return manifests;
}

/** Validates the end user's JWT when the service is exposed. */
export function requestAuthentication(
  spec: MeshServiceSpec,
): Manifest | undefined {
  if (spec.exposure.mode !== 'gateway' || !spec.exposure.jwt) return undefined;
  return {
    apiVersion: security(spec),
    kind: 'RequestAuthentication',
    metadata: metadata(spec, spec.name),
    spec: {
      ...bindTo(spec),
      jwtRules: [
        {
          issuer: spec.exposure.jwt.issuer,
          jwksUri: spec.exposure.jwt.jwksUri,
        },
      ],
    },
  };
}
