import type { z as zod } from 'zod/v3';
import { isUnsafeText } from '../goldenPaths/checkParameters';

/**
 * A text parameter: bounded, on one line, nothing invisible, no template
 * syntax. What it must look like beyond that, checkParameters says.
 */
export const parameterText = (
  z: typeof zod,
  description?: string,
  maxLength = 253,
) =>
  z
    .string({ description })
    .max(maxLength)
    .refine(value => !isUnsafeText(value), {
      message: 'contains a control character, newline or template syntax',
    });

/** The template parameters that describe a service, shared by generate and the PR body. */
export const serviceInputSchema = {
  goldenPath: (z: typeof zod) =>
    parameterText(
      z,
      'Name of the golden path (mesh.goldenPaths in app-config) whose defaults and locks apply',
      100,
    ),
  name: (z: typeof zod) =>
    parameterText(
      z,
      'Service name (DNS-1123 label); also the Deployment and Service name',
    ),
  namespace: (z: typeof zod) =>
    parameterText(z, 'Kubernetes namespace of the service'),
  ports: (z: typeof zod) =>
    z
      .array(
        z
          .object({
            port: z.number({ description: 'Service port' }),
            protocol: z.enum(['http', 'http2', 'grpc', 'tcp']).default('http'),
            targetPort: z
              .number({ description: 'Container port, when it differs' })
              .optional(),
          })
          .strict(),
        { description: 'Ports of the service and their protocols' },
      )
      .min(1)
      .max(50),
  versions: (z: typeof zod) =>
    z
      .array(parameterText(z), {
        description: 'Values of the version label, for example v1',
      })
      .max(20)
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
          .array(parameterText(z))
          .max(500)
          .describe('Callers as namespace/serviceaccount')
          .optional(),
        namespaces: z
          .array(parameterText(z))
          .max(500)
          .describe('Namespaces whose workloads may call')
          .optional(),
      })
      .strict()
      .describe('Who may call the service')
      .optional(),
  exposure: (z: typeof zod) =>
    z
      .object({
        mode: z.enum(['mesh-internal', 'gateway']).optional(),
        gateway: parameterText(z)
          .describe('Ingress Gateway as namespace/name')
          .optional(),
        hosts: z
          .array(parameterText(z))
          .max(100)
          .describe('Hosts served through the Gateway')
          .optional(),
        tlsCredential: parameterText(z)
          .describe('TLS secret of the hosts')
          .optional(),
        jwt: z
          .object({
            issuer: parameterText(z, undefined, 2048),
            jwksUri: parameterText(z, undefined, 2048),
          })
          .strict()
          .describe('JWT the ingress requires')
          .optional(),
      })
      .strict()
      .describe('How the service is reached from outside the mesh')
      .optional(),
  trafficPolicy: (z: typeof zod) =>
    z
      .object({
        timeout: parameterText(z, undefined, 64).optional(),
        retries: z
          .object({
            attempts: z.number().optional(),
            perTryTimeout: parameterText(z, undefined, 64).optional(),
          })
          .strict()
          .optional(),
        connectionPool: z
          .object({
            maxConnections: z.number().optional(),
            http1MaxPendingRequests: z.number().optional(),
          })
          .strict()
          .optional(),
        outlierDetection: z
          .object({
            consecutive5xxErrors: z.number().optional(),
            interval: parameterText(z, undefined, 64).optional(),
            baseEjectionTime: parameterText(z, undefined, 64).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .describe('Timeouts, retries, connection pool and outlier detection')
      .optional(),
  delivery: (z: typeof zod) =>
    z
      .object({
        strategy: z
          .enum(['canary', 'blue-green', 'ab-testing', 'none'])
          .optional(),
        abHeader: parameterText(z).optional(),
        stepWeight: z.number().optional(),
        maxWeight: z.number().optional(),
      })
      .strict()
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
      .strict()
      .describe('Availability and latency objectives')
      .optional(),
};
