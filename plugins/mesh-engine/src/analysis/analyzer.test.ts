import { join } from 'node:path';
import { loadManifests } from '../manifests/loadManifests';
import { parseManifests } from '../manifests/parseManifests';
import { createAnalyzer } from './analyzer';

const fixtures = join(__dirname, '..', '__fixtures__');

describe('createAnalyzer', () => {
  it('finds no error and no warning in a clean, fully compliant mesh', async () => {
    const { objects, findings: parseFindings } = await loadManifests([
      join(fixtures, 'compliant'),
    ]);
    expect(parseFindings).toEqual([]);
    const analyzer = await createAnalyzer();
    const { findings, compliance } = analyzer.analyze(objects);

    expect(findings.filter(f => f.severity !== 'info')).toEqual([]);
    const services = new Set(compliance.map(r => r.subject.name));
    expect(services).toEqual(new Set(['payments', 'storefront']));
    expect(compliance.filter(r => !r.passed)).toEqual([]);
    // JWT applies only where the service is exposed.
    expect(
      compliance.filter(r => r.code === 'MP2003').map(r => r.subject.name),
    ).toEqual(['storefront']);
    expect(compliance.filter(r => r.subject.name === 'payments')).toHaveLength(
      8,
    );
  });
});

describe('schema findings', () => {
  it('reports schema failures as IST0106 with file and line, and still analyses the rest', async () => {
    const text = [
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: { name: typo, namespace: shop }',
      'spec: { hosts: [cart], htp: [{ route: [{ destination: { host: cart } }] }] }',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: { name: wrong-type, namespace: shop }',
      'spec: { hosts: [cart], http: [{ timeout: 5, route: [{ destination: { host: cart } }] }] }',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: { name: fine, namespace: shop }',
      'spec: { hosts: [cart], http: [{ route: [{ destination: { host: nowhere } }] }] }',
    ].join('\n');
    const analyzer = await createAnalyzer();
    const { findings } = analyzer.analyze(
      parseManifests(text, 'vs.yaml').objects,
    );
    const summary = findings
      .filter(f => ['MP0101', 'MP0102', 'MP1101'].includes(f.code))
      .map(f => [
        f.code,
        f.object?.name,
        f.source?.line,
        f.references.istio,
        f.message,
      ]);
    expect(summary).toEqual([
      ['MP0102', 'typo', 1, 'IST0106', 'Unknown field spec.htp'],
      [
        'MP0101',
        'wrong-type',
        6,
        'IST0106',
        'spec.http[0].timeout must be string',
      ],
      [
        'MP1101',
        'fine',
        11,
        'IST0101',
        'Destination host nowhere matches no Service or ServiceEntry',
      ],
    ]);
  });
});
