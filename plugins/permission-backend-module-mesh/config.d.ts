export interface Config {
  /** Meshpath settings the permission policy reads. */
  mesh?: {
    /** The waiver workflow. */
    waivers?: {
      /**
       * Groups whose members approve or reject waiver requests, as entity refs
       * (for example `group:default/platform-team`; the kind defaults to group and the
       * namespace to default). Members are users whose ownership refs include the group.
       * Without any, nobody can approve a waiver.
       */
      approvers?: string[];
    };
    /** The permission policy of `@meshpath/plugin-permission-backend-module-mesh`. */
    policy?: {
      /**
       * Decision for permissions that are not Meshpath's (catalog, scaffolder, Kubernetes, …):
       * `allow` (the default, as the allow-all policy did) or `deny`.
       */
      otherPermissions?: 'allow' | 'deny';
    };
  };
}
