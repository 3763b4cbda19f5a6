import type { Finding } from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '../analysis/analyzer';
import type { AnalyzeOptions } from '../analysis/analyzer';
import { parseManifests } from '../manifests/parseManifests';

/**
 * A small, valid world for check tests: namespace `bookinfo` (enrolled) with
 * Service `reviews` (one port) backed by Deployments v1 and v2, Service
 * `ratings` with two ports, and the `istio-system` root namespace.
 */
export const baseWorld = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: bookinfo, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: reviews, namespace: bookinfo }
---
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: bookinfo }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080 }]
---
apiVersion: v1
kind: Service
metadata: { name: ratings, namespace: bookinfo }
spec:
  selector: { app: ratings }
  ports: [{ name: http, port: 9080 }, { name: grpc, port: 9090 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews, version: v1 } }
  template:
    metadata: { labels: { app: reviews, version: v1 } }
    spec: { serviceAccountName: reviews, containers: [{ name: reviews, image: reviews:1 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v2, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews, version: v2 } }
  template:
    metadata: { labels: { app: reviews, version: v2 } }
    spec: { serviceAccountName: reviews, containers: [{ name: reviews, image: reviews:2 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ratings, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: ratings } }
  template:
    metadata: { labels: { app: ratings } }
    spec: { containers: [{ name: ratings, image: ratings:1 }] }
`;

/** Analyses the base world plus extra YAML, and returns the findings. */
export async function analyzeWorld(
  extra: string,
  options?: AnalyzeOptions,
  world = baseWorld,
): Promise<Finding[]> {
  const parsed = parseManifests(`${world}\n---\n${extra}`, 'world.yaml');
  if (parsed.findings.length > 0)
    throw new Error(`Test YAML does not parse: ${parsed.findings[0].message}`);
  const analyzer = await createAnalyzer();
  return analyzer.analyze(parsed.objects, options).findings;
}

/** Findings of one code, as "<kind>/<name>: <message>" for readable assertions. */
export function withCode(findings: Finding[], code: string): string[] {
  return findings
    .filter(f => f.code === code)
    .map(f => `${f.object?.kind}/${f.object?.name}: ${f.message}`);
}
