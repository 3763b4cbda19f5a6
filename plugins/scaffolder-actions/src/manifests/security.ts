import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import {
  Manifest,
  metadata,
  needsWaypoint,
  principal,
  security,
  serviceNames,
  usesLoadTester,
  WAYPOINT_NAME,
  workloadSelector,
} from './common';

/**
 * Where a policy binds: the pods (sidecars, or ztunnel for ambient L4), or for
 * an ambient service with a waypoint the Services, which the waypoint enforces
 * with the callers' own identities.
 */
const bindTo = (spec: MeshServiceSpec) =>
  needsWaypoint(spec)
    ? {
        targetRefs: serviceNames(spec).map(name => ({
          kind: 'Service',
          group: '',
          name,
        })),
      }
    : { selector: { matchLabels: workloadSelector(spec) } };

/** STRICT mTLS for the service's workloads (the primary and the canary alike). */
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

/** Who may call: the named callers, and Flagger's load tester when the strategy needs it. */
function callerSources(spec: MeshServiceSpec) {
  const namespaces = [
    ...spec.callers.namespaces,
    ...(usesLoadTester(spec) ? [spec.platform.loadTester.namespace] : []),
  ];
  return [
    ...(spec.callers.serviceAccounts.length
      ? [
          {
            source: {
              principals: spec.callers.serviceAccounts.map(account =>
                principal(spec, account),
              ),
            },
          },
        ]
      : []),
    ...(namespaces.length
      ? [{ source: { namespaces: [...new Set(namespaces)] } }]
      : []),
  ];
}

/**
 * The allow rules of the service under its namespace's deny-all: the callers
 * (and load tester), the ingress gateway's pods with a valid JWT when
 * exposed, and for ambient with a waypoint, the waypoint at ztunnel.
 */
export function authorizationPolicies(spec: MeshServiceSpec): Manifest[] {
  const manifests: Manifest[] = [];
  const sources = callerSources(spec);
  if (sources.length > 0) {
    manifests.push({
      apiVersion: security(spec),
      kind: 'AuthorizationPolicy',
      metadata: metadata(spec, `${spec.name}-callers`),
      spec: {
        ...bindTo(spec),
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
        // RequestAuthentication alone only rejects invalid tokens; this requires one, from the gateway's pods.
        rules: [
          {
            from: [
              {
                source: {
                  namespaces: [spec.platform.ingressNamespace],
                  requestPrincipals: [`${spec.exposure.jwt.issuer}/*`],
                },
              },
            ],
          },
        ],
      },
    });
  }
  if (needsWaypoint(spec)) {
    // Behind a waypoint, ztunnel sees the waypoint's identity, not the caller's.
    manifests.push({
      apiVersion: security(spec),
      kind: 'AuthorizationPolicy',
      metadata: metadata(spec, `${spec.name}-from-waypoint`),
      spec: {
        selector: { matchLabels: workloadSelector(spec) },
        action: 'ALLOW',
        rules: [
          {
            from: [
              {
                source: {
                  principals: [
                    principal(spec, `${spec.namespace}/${WAYPOINT_NAME}`),
                  ],
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

/** Validates the end user's JWT when the service is exposed, and passes it on to the service. */
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
          // Istio strips the validated token unless told otherwise; the service calls on with the user's token.
          forwardOriginalToken: true,
        },
      ],
    },
  };
}
