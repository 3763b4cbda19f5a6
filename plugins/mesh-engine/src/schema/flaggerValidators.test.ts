import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flaggerValidators } from './flaggerValidators.generated';
import {
  FLAGGER_AJV_OPTIONS,
  flaggerCrdSchemas,
  flaggerValidatorsModule,
} from './flaggerValidatorsModule';

const crdText = readFileSync(
  join(__dirname, '..', '..', 'schemas', 'flagger-crd.yaml'),
  'utf8',
);

const canary = (spec: unknown) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name: 'payments', namespace: 'payments' },
  spec,
});

const samples = [
  canary({
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments' },
    service: { port: 8080, gateways: ['mesh'] },
    analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 },
  }),
  canary({ service: { port: 'http' }, analysis: { threshold: 'five' } }),
  canary({ targetRef: { name: 7 }, skipAnalysis: 'yes' }),
  canary('not an object'),
  {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: { name: 'latency' },
    spec: { provider: { type: 'prometheus' }, query: 42 },
  },
];

describe('the precompiled Flagger validators', () => {
  it('are those the CRD gives today (regenerate with npm run generate:flagger-validators)', () => {
    expect(
      readFileSync(join(__dirname, 'flaggerValidators.generated.ts'), 'utf8'),
    ).toBe(flaggerValidatorsModule(crdText));
  });

  it('judge objects as the CRD compiled at run time does, with the same errors', () => {
    const schemas = flaggerCrdSchemas(crdText);
    expect(Object.keys(flaggerValidators).sort()).toEqual(
      [...schemas.keys()].sort(),
    );
    const ajv = new Ajv(FLAGGER_AJV_OPTIONS);
    for (const [key, schema] of schemas) {
      const compiled = ajv.compile(schema);
      const { validate, schema: shipped } = flaggerValidators[key];
      expect(shipped).toEqual(schema);
      for (const sample of samples) {
        expect(validate(sample)).toBe(compiled(sample));
        expect(validate.errors).toEqual(compiled.errors);
      }
    }
    // The samples reach both verdicts.
    const { validate } = flaggerValidators['flagger.app/v1beta1/Canary'];
    expect(samples.map(s => validate(s))).toContain(true);
    expect(samples.map(s => validate(s))).toContain(false);
  });
});
