export interface Config {
  /** Configuration of the Meshpath backend plugin. */
  mesh?: {
    /** Root namespace of the Istio control plane, where mesh-wide policy lives. Defaults to `istio-system`. */
    rootNamespace?: string;
  };
}
