import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { Manifest, metadata, networking } from './common';

const ownGatewayName = (spec: MeshServiceSpec) => `${spec.name}-ingress`;

/**
 * The Gateway the service's routes bind to: its own, when it serves its hosts
 * with its own TLS credential, else the platform's `exposure.gateway`.
 */
export function routeGateway(spec: MeshServiceSpec): string | undefined {
  if (spec.exposure.mode !== 'gateway') return undefined;
  return spec.exposure.tlsCredential
    ? `${spec.namespace}/${ownGatewayName(spec)}`
    : spec.exposure.gateway;
}

/**
 * A Gateway on the platform's ingress pods serving the service's hosts over
 * HTTPS with its TLS credential (a secret in the ingress pods' namespace,
 * where Istio reads it).
 */
export function ingressGateway(spec: MeshServiceSpec): Manifest | undefined {
  if (spec.exposure.mode !== 'gateway' || !spec.exposure.tlsCredential)
    return undefined;
  return {
    apiVersion: networking(spec),
    kind: 'Gateway',
    metadata: metadata(spec, ownGatewayName(spec)),
    spec: {
      selector: { ...spec.platform.ingressSelector },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: [...(spec.exposure.hosts ?? [])],
          tls: { mode: 'SIMPLE', credentialName: spec.exposure.tlsCredential },
        },
      ],
    },
  };
}
