import type { KubernetesObject } from '@meshpath/plugin-mesh-common';
import { apiGroup, isRecord } from '../objects';
import { ObjectValidator, SchemaError, ValidatorRegistry } from './validators';

const escapePointer = (key: string) =>
  key.includes('~') || key.includes('/')
    ? key.replace(/~/g, '~0').replace(/\//g, '~1')
    : key;
const unescapePointer = (key: string) =>
  key.replace(/~1/g, '/').replace(/~0/g, '~');

const knownGroups = new Set([
  '',
  'apps',
  'networking.k8s.io',
  'gateway.networking.k8s.io',
  'flagger.app',
  'monitoring.coreos.com',
]);
const isKnownGroup = (group: string) =>
  knownGroups.has(group) || group.endsWith('.istio.io');

/** Fields the API server owns; they are not part of what users write. */
const serverOwnedTopLevel = new Set(['status']);

/** ObjectMeta is the same for every kind, and some CRD schemas leave it untyped. */
const objectMetaFields = new Set([
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'selfLink',
]);

/** The fields of one shape (a kind, at one path, array items as `*`) whose names were asked of the schema. */
interface ShapeNode {
  shape: string;
  fields: Map<string, ShapeNode | null>;
  items?: ShapeNode;
}

const pointerOf = (path: Array<string | number>) =>
  path
    .map(part => `/${typeof part === 'number' ? part : escapePointer(part)}`)
    .join('');

/** `/spec/http/0/timeout` → `spec.http[0].timeout` */
function dottedPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = unescapePointer(raw);
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else path = path ? `${path}.${part}` : part;
  }
  return path;
}

function describeError(error: SchemaError): string {
  const at = dottedPath(error.instancePath) || 'the object';
  switch (error.keyword) {
    case 'required':
      return `${at ? `${at}: ` : ''}missing required field ${
        error.params.missingProperty
      }`;
    case 'type':
      return `${at} must be ${error.params.type}`;
    case 'enum':
      return `${at} must be one of ${(error.params.allowedValues ?? []).join(
        ', ',
      )}`;
    case 'pattern':
      return `${at} must match ${error.params.pattern}`;
    case 'additionalProperties':
      return `${at}: unknown field ${error.params.additionalProperty}`;
    default:
      return `${at}: ${error.message ?? `fails ${error.keyword}`}`;
  }
}

/** The errors worth reporting: `oneOf`/`anyOf` summaries repeat what their branches said. */
function reportable(errors: SchemaError[]): SchemaError[] {
  const seen = new Set<string>();
  return errors.filter(error => {
    if (
      error.keyword === 'oneOf' ||
      error.keyword === 'anyOf' ||
      error.keyword === 'if'
    )
      return false;
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(
      error.params,
    )}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What is wrong with one object's schema. */
export interface SchemaProblems {
  /** Values that break the CRD schema (wrong type, missing field, bad enum). */
  invalid: string[];
  /** Fields the CRD does not define (typos such as `htp`). */
  unknownFields: string[];
  /** Set when the kind is not one the API group defines. */
  unknownKind?: string;
}

/** Properties a schema node allows, across allOf/anyOf/oneOf branches. */
function schemaProperties(
  schema: Record<string, any>,
): Record<string, any> | undefined {
  let properties: Record<string, any> | undefined = isRecord(schema.properties)
    ? { ...schema.properties }
    : undefined;
  for (const branch of [
    ...(schema.allOf ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
  ]) {
    if (isRecord(branch?.properties))
      properties = { ...(properties ?? {}), ...branch.properties };
  }
  return properties;
}

/** Unknown fields found by walking a CRD's own OpenAPI schema. */
function unknownFieldsBySchema(
  value: unknown,
  schema: Record<string, any>,
  pointer: string,
  out: string[],
) {
  if (
    !isRecord(schema) ||
    schema['x-kubernetes-preserve-unknown-fields'] === true
  )
    return;
  if (Array.isArray(value)) {
    if (isRecord(schema.items))
      value.forEach((item, i) =>
        unknownFieldsBySchema(item, schema.items, `${pointer}/${i}`, out),
      );
    return;
  }
  if (!isRecord(value)) return;
  const properties = schemaProperties(schema);
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${escapePointer(key)}`;
    if (
      pointer === '' &&
      (serverOwnedTopLevel.has(key) || key === 'apiVersion' || key === 'kind')
    )
      continue;
    if (pointer === '' && key === 'metadata') {
      for (const metaKey of Object.keys(isRecord(child) ? child : {})) {
        if (!objectMetaFields.has(metaKey))
          out.push(dottedPath(`/metadata/${escapePointer(metaKey)}`));
      }
      continue;
    }
    if (properties && key in properties) {
      unknownFieldsBySchema(child, properties[key], childPointer, out);
    } else if (isRecord(schema.additionalProperties)) {
      unknownFieldsBySchema(
        child,
        schema.additionalProperties,
        childPointer,
        out,
      );
    } else if (properties && schema.additionalProperties !== true) {
      out.push(dottedPath(childPointer));
    }
  }
}

/**
 * Validates objects against their real CRD schemas, plus a strict pass for
 * unknown fields: the model schemas accept any extra field, so each field name
 * is asked of the schema itself (does a wrong-typed value there fail?), and
 * the answer is cached per kind and path, keeping the pass linear.
 */
export class SchemaChecker {
  private readonly registry = new ValidatorRegistry();
  /** Per kind, the fields asked about so far: known ones lead on, unknown ones are null. */
  private readonly shapes = new Map<string, Map<string, ShapeNode>>();

  check(object: KubernetesObject): SchemaProblems {
    const validator = this.registry.get(object.apiVersion, object.kind);
    if (!validator) {
      const group = apiGroup(object.apiVersion);
      return isKnownGroup(group)
        ? {
            invalid: [],
            unknownFields: [],
            unknownKind: `${object.apiVersion} has no kind ${object.kind}`,
          }
        : { invalid: [], unknownFields: [] };
    }
    const valid = validator(object);
    const invalid = valid
      ? []
      : reportable(validator.errors ?? []).map(describeError);
    const unknownFields: string[] = [];
    if (validator.jsonSchema) {
      unknownFieldsBySchema(object, validator.jsonSchema, '', unknownFields);
    } else {
      // By apiVersion, then kind: asked once per object, so no key string is built.
      let kinds = this.shapes.get(object.apiVersion);
      if (!kinds) this.shapes.set(object.apiVersion, (kinds = new Map()));
      let root = kinds.get(object.kind);
      if (!root)
        kinds.set(object.kind, (root = { shape: '', fields: new Map() }));
      this.findUnknownFields(
        validator,
        object,
        object,
        root,
        [],
        unknownFields,
      );
    }
    return { invalid, unknownFields };
  }

  /** Walks the object beside the tree of shapes already asked about, so a known field costs one map lookup. */
  private findUnknownFields(
    validator: ObjectValidator,
    object: KubernetesObject,
    value: unknown,
    node: ShapeNode,
    path: Array<string | number>,
    out: string[],
  ) {
    if (Array.isArray(value)) {
      node.items ??= { shape: `${node.shape}/*`, fields: new Map() };
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        this.findUnknownFields(
          validator,
          object,
          value[index],
          node.items,
          path,
          out,
        );
        path.pop();
      }
      return;
    }
    if (!isRecord(value)) return;
    const inMetadata = path.length === 1 && path[0] === 'metadata';
    // `for in` with an own-property test: no array of keys for every object walked.
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      if (path.length === 0 && serverOwnedTopLevel.has(key)) continue;
      if (inMetadata) {
        if (!objectMetaFields.has(key))
          out.push(dottedPath(pointerOf([...path, key])));
        continue;
      }
      let child = node.fields.get(key);
      if (child === undefined) {
        child = this.isKnownField(validator, object, node.shape, key)
          ? { shape: `${node.shape}/${escapePointer(key)}`, fields: new Map() }
          : null;
        node.fields.set(key, child);
      }
      if (child === null) {
        out.push(dottedPath(pointerOf([...path, key])));
        continue;
      }
      path.push(key);
      this.findUnknownFields(validator, object, value[key], child, path, out);
      path.pop();
    }
  }

  private isKnownField(
    validator: ObjectValidator,
    object: KubernetesObject,
    shape: string,
    key: string,
  ): boolean {
    if (shape === '' && ['apiVersion', 'kind', 'metadata'].includes(key))
      return true;
    // A defined field has a type: one of these two probes breaks it.
    return [true, 'meshpath-probe'].some(probe =>
      this.probeFails(validator, object, shape, key, probe),
    );
  }

  private probeFails(
    validator: ObjectValidator,
    object: KubernetesObject,
    shape: string,
    key: string,
    probe: unknown,
  ): boolean {
    const segments = shape.split('/').slice(1);
    let leaf: Record<string, unknown> = { [key]: probe };
    for (let i = segments.length - 1; i >= 0; i--) {
      leaf =
        segments[i] === '*'
          ? ([leaf] as any)
          : { [unescapePointer(segments[i])]: leaf };
    }
    const probeObject = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: { name: 'probe' },
      ...leaf,
    };
    validator(probeObject);
    const target = `${segments
      .map(s => (s === '*' ? '0' : s))
      .map(s => `/${s}`)
      .join('')}/${escapePointer(key)}`;
    return (validator.errors ?? []).some(
      error =>
        error.instancePath === target ||
        error.instancePath.startsWith(`${target}/`),
    );
  }
}
