import type { SourceLocation } from './findings';

/**
 * A Kubernetes object as parsed from YAML or listed from a cluster.
 * @public
 */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
};

/**
 * An object with the file and line it came from, when it came from a file.
 * @public
 */
export interface SourcedObject {
  object: KubernetesObject;
  source?: SourceLocation;
}
