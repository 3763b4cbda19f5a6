import { isEnrolled } from '../../checks/services';
import type { ComplianceRule } from '../complianceRule';

/** MP2001: STRICT mTLS for every workload of the service, on every port. */
export const strictMtls: ComplianceRule = {
  code: 'MP2001',
  prepare: context => facts => {
    const { service, workloads } = facts;
    const namespace = context.index.namespaces.get(service.namespace);
    if (namespace && !isEnrolled(namespace.object.metadata.labels)) {
      return {
        passed: false,
        message: `namespace ${service.namespace} is not enrolled in the mesh, so traffic is plaintext`,
      };
    }
    const subjects =
      workloads.length > 0
        ? workloads.map(w => context.mtls.forWorkload(w))
        : [context.mtls.forNamespace(service.namespace)];
    for (const mtls of subjects) {
      const policy = mtls.decidedBy.ref;
      if (mtls.mode !== 'STRICT')
        return {
          passed: false,
          message: `mTLS is ${mtls.mode}${
            policy
              ? ` (PeerAuthentication ${policy.namespace}/${policy.name})`
              : ' (no PeerAuthentication: Istio accepts plaintext)'
          }`,
        };
      const weak = mtls.ports.find(p => p.mode !== 'STRICT');
      if (weak)
        return {
          passed: false,
          message: `port ${weak.port} overrides mTLS to ${weak.mode}`,
        };
    }
    return { passed: true, message: 'STRICT mTLS is in effect' };
  },
};
