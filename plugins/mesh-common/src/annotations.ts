/**
 * Catalog annotations Meshpath reads from a service's catalog-info.yaml.
 * @public
 */
export const MESH_ANNOTATIONS = {
  /** Folder of the entity's source repository that holds its mesh manifests. */
  manifests: 'meshpath.io/manifests',
  /** Golden-path preset the service was onboarded with. */
  goldenPath: 'meshpath.io/golden-path',
  /** Availability SLO target in percent, for example `99.9`. */
  sloAvailability: 'meshpath.io/slo-availability',
  /** Latency SLO, `<percentile>:<threshold ms>`, for example `99:250`. */
  sloLatency: 'meshpath.io/slo-latency',
  /** SLO window, `28d` or `30d`. */
  sloWindow: 'meshpath.io/slo-window',
} as const;

/**
 * Label of the objects a golden path writes once per namespace (its default
 * deny, its enrolment): they belong to the namespace, not to one service.
 * @public
 */
export const MESH_NAMESPACE_LABEL = 'meshpath.io/namespace';
