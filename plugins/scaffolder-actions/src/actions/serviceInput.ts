import type { z as zod } from 'zod/v3';

/** The template parameters that describe a service, shared by generate and the PR body. */
export const serviceInputSchema = {
  goldenPath: (z: typeof zod) =>
    z.string({
      description:
        'Name of the golden path (mesh.goldenPaths in app-config) whose defaults and locks apply',
    }),
  name: (z: typeof zod) =>
    z.string({
      description:
        'Service name (DNS-1123 label); also the Deployment and Service name',
    }),
  namespace: (z: typeof zod) =>
    z.string({ description: 'Kubernetes namespace of the service' }),
  ports: (z: typeof zod) =>
    z
      .array(
        z.object({
          port: z.number({ description: 'Service port' }),
          protocol: z.enum(['http', 'http2', 'grpc', 'tcp']).default('http'),
          targetPort: z
            .number({ description: 'Container port, when it differs' })
            .optional(),
        }),
        { description: 'Ports of the service and their protocols' },
      )
      .min(1),
  versions: (z: typeof zod) =>
    z
      .array(z.string(), {
        description: 'Values of the version label, for example v1',
      })
      .optional(),
  dataplane: (z: typeof zod) =>
    z
      .enum(['sidecar', 'ambient'])
      .describe('Sidecar injection or ambient mode')
      .optional(),
  istioApiVersion: (z: typeof zod) =>
    z
      .enum(['v1', 'v1beta1'])
      .describe(
        'Istio API version: v1 (Istio 1.22+) or v1beta1 for older clusters',
      )
      .optional(),
  callers: (z: typeof zod) =>
    z
      .object({
        serviceAccounts: z
          .array(z.string())
          .describe('Callers as namespace/serviceaccount')
          .optional(),
        namespaces: z
          .array(z.string())
          .describe('Namespaces whose workloads may call')
          .optional(),
      })
      .describe('Who may call the service')
      .optional(),
  exposure: (z: typeof zod) =>
    z
      .object({
        mode: z.enum(['mesh-internal', 'gateway']).optional(),
        gateway: z
          .string()
          .describe('Ingress Gateway as namespace/name')
          .optional(),
        hosts: z
          .array(z.string())
          .describe('Hosts served through the Gateway')
          .optional(),
        tlsCredential: z
          .string()
          .describe('TLS secret of the hosts')
          .optional(),
        jwt: z
          .object({ issuer: z.string(), jwksUri: z.string() })
          .describe('JWT the ingress requires')
          .optional(),
      })
      .describe('How the service is reached from outside the mesh')
      .optional(),
  trafficPolicy: (z: typeof zod) =>
    z
      .object({
        timeout: z.string().optional(),
        retries: z
          .object({
            attempts: z.number().optional(),
            perTryTimeout: z.string().optional(),
          })
          .optional(),
        connectionPool: z
          .object({
            maxConnections: z.number().optional(),
            http1MaxPendingRequests: z.number().optional(),
          })
          .optional(),
        outlierDetection: z
          .object({
            consecutive5xxErrors: z.number().optional(),
            interval: z.string().optional(),
            baseEjectionTime: z.string().optional(),
          })
          .optional(),
      })
      .describe('Timeouts, retries, connection pool and outlier detection')
      .optional(),
  delivery: (z: typeof zod) =>
    z
      .object({
        strategy: z
          .enum(['canary', 'blue-green', 'ab-testing', 'none'])
          .optional(),
        abHeader: z.string().optional(),
        stepWeight: z.number().optional(),
        maxWeight: z.number().optional(),
      })
      .describe('Flagger canary, blue/green, A/B testing by header, or none')
      .optional(),
  slo: (z: typeof zod) =>
    z
      .object({
        availability: z.number().optional(),
        latencyThresholdMs: z.number().optional(),
        latencyPercentile: z.number().optional(),
        windowDays: z.union([z.literal(28), z.literal(30)]).optional(),
      })
      .describe('Availability and latency objectives')
      .optional(),
};
