import { join } from 'node:path';
import { loadManifests } from '../manifests/loadManifests';
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
