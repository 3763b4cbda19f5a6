import {
  DEFAULT_SLO_OPTIONS,
  MeshServiceSpec,
  SloOptions,
} from '@meshpath/plugin-mesh-common';
import { canary } from './canary';
import { deliveredByFlagger, Manifest } from './common';
import { ingressGateway } from './ingressGateway';
import { namespaceBaseline } from './namespace';
import { networkPolicies } from './networkPolicy';
import {
  authorizationPolicies,
  peerAuthentication,
  requestAuthentication,
} from './security';
import { sloMetricTemplates } from './metricTemplates';
import { sloRules } from './slo';
import { kubernetesService } from './service';
import { destinationRule, virtualServices } from './traffic';
import { toYaml } from './yamlText';

/** One file of the onboarding change. */
export interface ManifestFile {
  /** File name inside the target folder. */
  name: string;
  objects: Manifest[];
}

/** What to write beside the mesh objects. */
export interface BuildOptions {
  /** Also the Kubernetes Service (a new service Meshpath routes itself; Flagger creates its own). */
  kubernetesService?: boolean;
}

/**
 * Every manifest of a service's onboarding, grouped by file, in a stable
 * order. `namespace.yaml` holds the namespace's own objects, the same for
 * every service in it; every other object is named for the service.
 */
export function buildManifests(
  spec: MeshServiceSpec,
  sloOptions: SloOptions = DEFAULT_SLO_OPTIONS,
  options: BuildOptions = {},
): ManifestFile[] {
  const files: ManifestFile[] = [
    { name: 'namespace.yaml', objects: namespaceBaseline(spec) },
  ];
  const service = options.kubernetesService && kubernetesService(spec);
  if (service) files.push({ name: 'service.yaml', objects: [service] });
  const gateway = ingressGateway(spec);
  if (gateway) files.push({ name: 'gateway.yaml', objects: [gateway] });
  if (deliveredByFlagger(spec)) {
    files.push({ name: 'canary.yaml', objects: [canary(spec)] });
    // The Canary's gates: the SLO's own definitions, as Flagger MetricTemplates.
    files.push({
      name: 'metrictemplates.yaml',
      objects: sloMetricTemplates(spec, sloOptions),
    });
  } else {
    files.push({ name: 'virtualservice.yaml', objects: virtualServices(spec) });
    files.push({
      name: 'destinationrule.yaml',
      objects: [destinationRule(spec)],
    });
  }
  files.push({
    name: 'peerauthentication.yaml',
    objects: [peerAuthentication(spec)],
  });
  files.push({
    name: 'authorizationpolicy.yaml',
    objects: authorizationPolicies(spec),
  });
  const jwt = requestAuthentication(spec);
  if (jwt) files.push({ name: 'requestauthentication.yaml', objects: [jwt] });
  files.push({ name: 'networkpolicy.yaml', objects: networkPolicies(spec) });
  files.push({
    name: 'slo-prometheusrule.yaml',
    objects: [sloRules(spec, sloOptions)],
  });
  // A service with no callers writes no allow rule: its file would be empty.
  return files.filter(file => file.objects.length > 0);
}

/** YAML text of a file: objects serialised by the YAML library, never templated, read the same by YAML 1.1 and 1.2 tools. */
export function serialise(file: ManifestFile): string {
  return file.objects.map(toYaml).join('---\n');
}

/** kustomization.yaml listing the generated files. */
export function kustomization(files: ManifestFile[]): string {
  return toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: files.map(f => f.name),
  });
}
