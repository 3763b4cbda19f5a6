#!/usr/bin/env node
/*
 * Writes src/api/generated/MeshBackendClient.ts from the mesh backend's
 * OpenAPI spec: one method per operation, its path, query and body typed from
 * the spec. Stands in for `backstage-repo-tools package schema openapi generate
 * --client-package`, whose Java generator cannot be downloaded here; like it,
 * the output is committed and never edited. Responses are typed by MeshClient
 * with @meshpath/plugin-mesh-common's types, the one truth of the shapes.
 * Run `npm run generate:client` after editing the spec; a test fails on drift.
 */
/* eslint-disable @backstage/no-undeclared-imports -- a build-time script: prettier and yaml are the repository root's tools */
const { readFileSync, writeFileSync } = require('fs');
const { join } = require('path');
const prettier = require('prettier');
const { parse } = require('yaml');

const root = join(__dirname, '..');
const specPath = join(
  root,
  '..',
  'mesh-backend',
  'src',
  'schema',
  'openapi.yaml',
);

function resolve(spec, node) {
  if (!node || !node.$ref) return node;
  const path = node.$ref.replace(/^#\//, '').split('/');
  return resolve(
    spec,
    path.reduce((at, key) => at[key], spec),
  );
}

/** A TypeScript type for a JSON schema (the subset the spec uses). */
function typeOf(spec, raw) {
  const schema = resolve(spec, raw);
  if (!schema || Object.keys(schema).length === 0) return 'unknown';
  if (Array.isArray(schema.type))
    return schema.type
      .map(t => (t === 'null' ? 'null' : typeOf(spec, { ...schema, type: t })))
      .join(' | ');
  if (schema.enum) return schema.enum.map(v => JSON.stringify(v)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `Array<${typeOf(spec, schema.items)}>`;
    case 'object': {
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).map(
        ([name, property]) =>
          `${name}${required.has(name) ? '' : '?'}: ${typeOf(spec, property)};`,
      );
      if (schema.additionalProperties && fields.length === 0)
        return `Record<string, ${
          schema.additionalProperties === true
            ? 'unknown'
            : typeOf(spec, schema.additionalProperties)
        }>`;
      return `{ ${fields.join(' ')} }`;
    }
    default:
      return 'unknown';
  }
}

const camel = id => id[0].toLowerCase() + id.slice(1);

function operationsOf(spec) {
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []).map(p =>
        resolve(spec, p),
      );
      const body = operation.requestBody
        ? resolve(spec, operation.requestBody)
        : undefined;
      operations.push({
        id: operation.operationId,
        description: operation.description,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter(p => p.in === 'path'),
        queryParams: parameters.filter(p => p.in === 'query'),
        body: body && {
          required: !!body.required,
          schema: body.content['application/json'].schema,
        },
      });
    }
  }
  return operations;
}

/** The generated file's text, formatted as the repository's prettier config says. */
async function render() {
  const spec = parse(readFileSync(specPath, 'utf8'));
  const operations = operationsOf(spec);
  const requestTypes = operations.map(op => {
    const parts = [];
    if (op.pathParams.length > 0)
      parts.push(
        `path: { ${op.pathParams
          .map(p => `${p.name}: ${typeOf(spec, p.schema)};`)
          .join(' ')} };`,
      );
    if (op.queryParams.length > 0) {
      const required = op.queryParams.some(p => p.required);
      parts.push(
        `query${required ? '' : '?'}: { ${op.queryParams
          .map(
            p =>
              `${p.name}${p.required ? '' : '?'}: ${typeOf(spec, p.schema)};`,
          )
          .join(' ')} };`,
      );
    }
    if (op.body)
      parts.push(
        `body${op.body.required ? '' : '?'}: ${typeOf(spec, op.body.schema)};`,
      );
    return `/** The request of ${op.id} (${op.method} ${op.path}). */
export type ${op.id}Request = ${
      parts.length > 0 ? `{ ${parts.join(' ')} }` : 'Record<string, never>'
    };`;
  });
  const table = operations
    .map(
      op => `  ${op.id}: {
    method: '${op.method}',
    path: '${op.path}',
    query: [${op.queryParams.map(p => `'${p.name}'`).join(', ')}],
  },`,
    )
    .join('\n');
  const methods = operations
    .map(
      op => `  /** ${(op.description ?? op.id)
        .replace(/\s+/g, ' ')
        .replace(/\*\//g, '* /')} */
  ${camel(op.id)}(request: ${op.id}Request${
        op.pathParams.length ||
        op.queryParams.some(p => p.required) ||
        op.body?.required
          ? ''
          : ' = {}'
      }): Promise<Response> {
    return this.send('${op.id}', request);
  }`,
    )
    .join('\n\n');
  const text = `// Generated by scripts/generate-client.js from plugins/mesh-backend/src/schema/openapi.yaml. Do not edit.
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';

${requestTypes.join('\n\n')}

/** Every operation of the mesh backend: its method, its path and its query parameters. */
export const meshOperations = {
${table}
} as const;

/** An operation of the mesh backend, by its operationId. */
export type MeshOperationId = keyof typeof meshOperations;

type AnyRequest = {
  path?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
};

/**
 * One method per operation of the mesh backend's OpenAPI spec; each answers
 * the raw Response, read by MeshClient. Path values are encoded, query lists
 * repeat their name (owner=a&owner=b), as the spec's form style says.
 */
export class MeshBackendClient {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

${methods}

  /** The URL of an operation's request, relative to the backend's base URL. */
  static pathOf(operationId: MeshOperationId, request: AnyRequest): string {
    const operation = meshOperations[operationId];
    const path = operation.path.replace(/\\{(\\w+)\\}/g, (_, name: string) =>
      encodeURIComponent(request.path?.[name] ?? ''),
    );
    const params = new URLSearchParams();
    for (const name of operation.query as readonly string[]) {
      const value = request.query?.[name];
      for (const item of ([] as unknown[]).concat(value ?? [])) {
        if (item !== undefined && item !== '') params.append(name, String(item));
      }
    }
    const search = params.toString();
    return search ? \`\${path}?\${search}\` : path;
  }

  private async send(
    operationId: MeshOperationId,
    request: AnyRequest,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const { method } = meshOperations[operationId];
    return this.fetchApi.fetch(
      \`\${baseUrl}\${MeshBackendClient.pathOf(operationId, request)}\`,
      {
        method,
        ...(request.body !== undefined
          ? {
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(request.body),
            }
          : {}),
      },
    );
  }
}
`;
  const target = join(root, 'src/api/generated/MeshBackendClient.ts');
  const options = await prettier.resolveConfig(target);
  return prettier.format(text, { ...options, filepath: target });
}

module.exports = { render };

if (require.main === module) {
  render().then(text =>
    writeFileSync(join(root, 'src/api/generated/MeshBackendClient.ts'), text),
  );
}
