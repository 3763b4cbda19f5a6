import type { ObjectRef } from '@meshpath/plugin-mesh-common';
import type { MeshIndex, Workload } from '../meshIndex';
import { dataplaneOf } from './dataplane';
import { PeerAuthentications, ResolvedMtls } from './peerAuthentication';

/** The mTLS a workload (or a namespace without workloads) accepts, with the ports that set their own mode. */
export interface WorkloadMtls extends ResolvedMtls {
  /** Ports whose `portLevelMtls` sets another mode than the workload's. */
  ports: Array<{ port: number } & ResolvedMtls>;
}

/**
 * The checks' view of PeerAuthentication: the same resolution the policy
 * model shows (levels, UNSET, ignored root selectors, ambient), so a check
 * and the model never disagree.
 */
export class WorkloadMtlsResolver {
  private readonly peerAuthentications: PeerAuthentications;

  constructor(private readonly index: MeshIndex) {
    this.peerAuthentications = new PeerAuthentications(index);
  }

  forWorkload(workload: Workload): WorkloadMtls {
    const namespace = this.index.namespaces.get(workload.namespace);
    const resolved = this.peerAuthentications.forWorkload(
      workload,
      dataplaneOf(workload, namespace),
    );
    const ports = this.peerAuthentications
      .portsNamedFor(workload)
      .map(port => ({ port, ...resolved.port(port) }))
      .filter(p => p.mode !== resolved.mtls.mode);
    return { ...resolved.mtls, ports };
  }

  /** A namespace with no workload in the input: what a workload without its own policy would get. */
  forNamespace(namespace: string): WorkloadMtls {
    const ref: ObjectRef = {
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
    };
    return this.forWorkload({
      ref,
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      },
      namespace,
      labels: {},
      serviceAccount: 'default',
    });
  }
}
