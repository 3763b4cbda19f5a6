import type { ObjectRef, SourceLocation } from '../findings';

/**
 * An object in a drift report: which one, in which cluster, and where Git
 * declares it.
 * @public
 */
export interface DriftObject extends ObjectRef {
  /** The cluster it was compared in. */
  cluster?: string;
  /** File and line of its declaration in Git, for declared objects. */
  source?: SourceLocation;
}

/**
 * One field whose value in Git is not the live one. Values are JSON text cut
 * to a few hundred characters (never whole objects); Secret values are hidden.
 * @public
 */
export interface FieldDrift {
  /** Where the field is, for example `spec.http[0].timeout` or `metadata.labels["app"]`. */
  path: string;
  /** The value Git declares; absent when Git does not declare the field. */
  declared?: string;
  /** The live value; absent when the live object lacks the field. */
  live?: string;
}

/** A declared object whose live copy differs, field by field. @public */
export interface ObjectDrift {
  /** The declared object, with the cluster where its live copy differs. */
  object: DriftObject;
  /** The differing fields, in the order Git declares them. */
  fields: FieldDrift[];
  /** How many more differing fields there are than listed. */
  omittedFields?: number;
}

/**
 * Drift between the manifests a service declares in Git and what is live.
 * Only kinds present in the declared folder are compared; fields the API
 * server or controllers set, and objects Flagger generates, do not count.
 * @public
 */
export interface DriftDetail {
  /** The kinds compared, as `Kind.group` (`Kind` for the core group), for example `VirtualService.networking.istio.io`. */
  comparedKinds: string[];
  /** Kinds declared in Git that the live sources do not list, so could not be compared. */
  uncomparedKinds: string[];
  /** The clusters compared: those where something of the service is live. Empty: compared nowhere, not "no drift". */
  clusters: string[];
  /** Clusters left out because they could not be read completely. */
  unreadClusters: string[];
  /** Declared objects missing from a compared cluster. */
  declaredNotLive: DriftObject[];
  /** Live objects of a compared kind, in a declared namespace, attributed to the service but not in Git. */
  liveNotDeclared: DriftObject[];
  /** Declared objects whose live copy differs. */
  differing: ObjectDrift[];
  /** Live objects of a compared kind left out because Flagger or another controller generates them. */
  generated: DriftObject[];
}
