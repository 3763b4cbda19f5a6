import type { KubernetesObject } from '@meshpath/plugin-mesh-common';

// The source contract lives in @meshpath/plugin-mesh-node, where modules that add
// sources can reach it without depending on this plugin.
export type { LiveObjects } from '@meshpath/plugin-mesh-node';

/** A Kubernetes object as the sources hand it to the engine. */
export type MeshKubernetesObject = KubernetesObject;
