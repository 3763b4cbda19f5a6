import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parseAllDocuments } from 'yaml';

/** The options the validators are compiled with: every error, CRDs' own keywords tolerated, formats not checked. */
export const FLAGGER_AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  validateFormats: false,
} as const;

/** Each served version's schema of the Flagger CRDs, by `group/version/Kind`. */
export function flaggerCrdSchemas(
  crdText: string,
): Map<string, Record<string, any>> {
  const schemas = new Map<string, Record<string, any>>();
  for (const document of parseAllDocuments(crdText)) {
    const crd = document.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions ?? []) {
      const schema = version.schema?.openAPIV3Schema;
      if (schema)
        schemas.set(
          `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`,
          schema,
        );
    }
  }
  return schemas;
}

const HEADER = `/* eslint-disable */
// @ts-nocheck
// Generated from schemas/flagger-crd.yaml by \`npm run generate:flagger-validators\`
// (Ajv standalone code): do not edit. Compiling the CRD at start-up took a quarter
// of a second of every run that met a Flagger object; a test keeps this file current.
`;

/**
 * The TypeScript module of the Flagger validators, compiled ahead of time:
 * `flaggerValidators` maps `group/version/Kind` to its validator and schema
 * (the schema is walked for unknown fields).
 */
export function flaggerValidatorsModule(crdText: string): string {
  const schemas = flaggerCrdSchemas(crdText);
  const ajv = new Ajv({
    ...FLAGGER_AJV_OPTIONS,
    code: { source: true, esm: true },
  });
  const names: Record<string, string> = {};
  [...schemas.keys()].forEach((key, i) => {
    ajv.addSchema(schemas.get(key)!, key);
    names[`validator${i}`] = key;
  });
  const runtime: string[] = [];
  // Ajv refers to its runtime helpers by require(); imports let the build bundle them.
  const code = standaloneCode(ajv, names)
    .replace(/^"use strict";/, '')
    .replace(
      /require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/gi,
      (_, path) => {
        let index = runtime.indexOf(path);
        if (index === -1) index = runtime.push(path) - 1;
        return `runtime${index}`;
      },
    );
  const imports = runtime
    .map((path, i) => `import runtime${i} from '${path}';\n`)
    .join('');
  const table = Object.entries(names)
    .map(
      ([name, key]) =>
        `  ${JSON.stringify(
          key,
        )}: { validate: ${name}, schema: ${JSON.stringify(
          schemas.get(key),
        )} },\n`,
    )
    .join('');
  return `${HEADER}${imports}${code}\nexport const flaggerValidators: Record<\n  string,\n  { validate: any; schema: Record<string, any> }\n> = {\n${table}};\n`;
}
