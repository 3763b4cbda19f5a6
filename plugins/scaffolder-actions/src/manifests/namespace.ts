import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { KUBERNETES_ID_LABEL, Manifest } from './common';

/** The namespace, enrolled in the mesh by sidecar injection or ambient mode. */
export function namespace(spec: MeshServiceSpec): Manifest {
  const enrolment: Record<string, string> =
    spec.dataplane === 'ambient'
      ? { 'istio.io/dataplane-mode': 'ambient' }
      : { 'istio-injection': 'enabled' };
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: spec.namespace,
      labels: { [KUBERNETES_ID_LABEL]: spec.name, ...enrolment },
    },
  };
}
