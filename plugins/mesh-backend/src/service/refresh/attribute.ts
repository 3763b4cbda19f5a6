import type { EntityMeshState } from '@meshpath/plugin-mesh-common';
import type { EntityFacts } from '../../database';
import { computeDrift } from '../../evaluation/drift';
import {
  allowedCallers,
  canaries,
  effectiveMtls,
} from '../../evaluation/meshFacts';
import type { MeshKubernetesObject } from '../../sources/types';
import { serviceNamespace } from './serviceIdentity';
import type { Collected } from './types';

/** What the mesh says about one entity, before SLOs and compliance. */
export type MeshFacts = Pick<
  EntityMeshState,
  'objects' | 'mtls' | 'allowedCallers' | 'canaries' | 'drift'
>;

/** Owner and system from the catalog entity alone. */
export function ownershipOf(c: Collected): EntityFacts {
  return {
    owner: c.entity.spec?.owner as string | undefined,
    system: c.entity.spec?.system as string | undefined,
  };
}

/** The catalog facts the fleet overview filters on. */
export function catalogFactsOf(c: Collected): EntityFacts {
  return { ...ownershipOf(c), namespace: serviceNamespace(c) };
}

/** The entity's own objects, effective mTLS, callers, canaries and drift from Git. */
export function attributeFacts(
  c: Collected,
  context: MeshKubernetesObject[],
  rootNamespace: string,
): MeshFacts {
  const objects = c.live.clusters.flatMap(cl => cl.objects);
  return {
    objects: c.live.clusters.flatMap(cl =>
      cl.objects.map(o => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
        name: o.metadata.name,
        cluster: cl.cluster,
      })),
    ),
    mtls:
      objects.length > 0 ? effectiveMtls(context, rootNamespace) : 'unknown',
    allowedCallers: allowedCallers(objects),
    canaries: canaries(c.live.clusters),
    ...(c.declared
      ? {
          drift: computeDrift(c.declared.objects, objects, serviceNamespace(c)),
        }
      : {}),
  };
}
