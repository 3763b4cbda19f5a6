import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { deliveredByFlagger, Manifest, metadata } from './common';
import { serviceLabels } from './workloadLabels';

/**
 * The Kubernetes Service of a new service Meshpath routes itself. None when
 * Flagger delivers it: Flagger creates the apex, `-primary` and `-canary`
 * Services and rewrites the apex selector, so a declared one would fight it.
 */
export function kubernetesService(spec: MeshServiceSpec): Manifest | undefined {
  if (deliveredByFlagger(spec)) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(spec, spec.name, serviceLabels(spec)),
    spec: {
      // The Deployment's selector label, as Flagger and the skeleton use it.
      selector: { app: spec.name },
      ports: spec.ports.map(port => ({
        name:
          spec.ports.length > 1
            ? `${port.protocol}-${port.port}`
            : port.protocol,
        port: port.port,
        targetPort: port.targetPort ?? port.port,
        appProtocol: port.protocol,
      })),
    },
  };
}
