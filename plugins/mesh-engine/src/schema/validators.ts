import { apiGroup, isRecord } from '../objects';
import { deprecatedApiVersion } from './apiVersions';
import { loadPackageFile } from './esmPackages';
import { flaggerValidators } from './flaggerValidators.generated';

/** One validation error, in the shape both Ajv and the kubernetes-models validators report. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, any>;
  message?: string;
}

/** A compiled schema validator that reports every error (not only the first). */
export type ObjectValidator = ((data: unknown) => boolean) & {
  errors?: SchemaError[] | null;
  /** The JSON schema itself, when we compiled it (CRDs); the model packages ship code only. */
  jsonSchema?: Record<string, any>;
};

const titleCase = (part: string) =>
  part.charAt(0).toUpperCase() + part.slice(1);
const groupPascal = (group: string) => group.split('.').map(titleCase).join('');

/** Where each API group's validators are, by package and file name. */
function modelFile(
  apiVersion: string,
  kind: string,
): { pkg: string; file: string } | undefined {
  const group = apiGroup(apiVersion);
  const version = titleCase(apiVersion.slice(apiVersion.indexOf('/') + 1));
  if (group.endsWith('.istio.io')) {
    return {
      pkg: '@kubernetes-models/istio',
      file: `_schemas/${groupPascal(group)}${version}${kind}.js`,
    };
  }
  if (group === 'monitoring.coreos.com') {
    return {
      pkg: '@kubernetes-models/prometheus-operator',
      file: `_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoring${version}${kind}.js`,
    };
  }
  if (group === 'gateway.networking.k8s.io') {
    return {
      pkg: '@kubernetes-models/gateway-api',
      file: `_schemas/IoK8sSigsGatewayApiApis${version}${kind}.js`,
    };
  }
  const core: Record<string, string> = {
    '': 'Core',
    apps: 'Apps',
    'networking.k8s.io': 'Networking',
    'rbac.authorization.k8s.io': 'Rbac',
    policy: 'Policy',
    batch: 'Batch',
    autoscaling: 'Autoscaling',
  };
  if (group in core) {
    return {
      pkg: 'kubernetes-models',
      file: `_schemas/IoK8sApi${core[group]}${version}${kind}.js`,
    };
  }
  return undefined;
}

/** Flagger's validators, compiled from its CRD at build time (flaggerValidators.generated.ts). */
function loadFlaggerValidators(): Map<string, ObjectValidator> {
  const validators = new Map<string, ObjectValidator>();
  for (const [key, { validate, schema }] of Object.entries(flaggerValidators)) {
    const validator = validate as ObjectValidator;
    validator.jsonSchema = schema;
    validators.set(key, validator);
  }
  return validators;
}

/** A validator that checks an object as another apiVersion of its kind. */
function asVersion(
  target: ObjectValidator,
  apiVersion: string,
): ObjectValidator {
  const validator: ObjectValidator = (data: unknown) => {
    const valid = target(isRecord(data) ? { ...data, apiVersion } : data);
    validator.errors = target.errors;
    return valid;
  };
  validator.jsonSchema = target.jsonSchema;
  return validator;
}

/**
 * Finds the real CRD/OpenAPI validator of an apiVersion and kind: Istio,
 * Gateway API, Prometheus operator and core Kubernetes from the kubernetes-models packages,
 * Flagger from its CRD. Loaded on first use and cached.
 */
export class ValidatorRegistry {
  /** By apiVersion, then kind: asked once per object, so no key string is built. */
  private readonly cache = new Map<
    string,
    Map<string, ObjectValidator | undefined>
  >();
  private flagger?: Map<string, ObjectValidator>;

  get(apiVersion: string, kind: string): ObjectValidator | undefined {
    let kinds = this.cache.get(apiVersion);
    if (!kinds) this.cache.set(apiVersion, (kinds = new Map()));
    if (kinds.has(kind)) return kinds.get(kind);
    let validator = this.load(apiVersion, kind);
    const deprecation = deprecatedApiVersion(apiVersion, kind);
    if (!validator && deprecation) {
      // A served version whose schema the models no longer ship is checked as the version to move to.
      const target = this.get(deprecation.moveTo, kind);
      if (target) validator = asVersion(target, deprecation.moveTo);
    }
    kinds.set(kind, validator);
    return validator;
  }

  private load(apiVersion: string, kind: string): ObjectValidator | undefined {
    if (apiGroup(apiVersion) === 'flagger.app') {
      this.flagger ??= loadFlaggerValidators();
      return this.flagger.get(`${apiVersion}/${kind}`);
    }
    const location = modelFile(apiVersion, kind);
    if (!location) return undefined;
    try {
      return loadPackageFile<{ validate: ObjectValidator }>(
        location.pkg,
        location.file,
      ).validate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND')
        return undefined;
      throw error;
    }
  }
}
