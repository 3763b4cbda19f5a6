import { sourceUrl } from './sourceUrl';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations },
});

const repo = {
  'backstage.io/managed-by-location':
    'url:https://github.com/acme/payments/blob/main/services/payments/catalog-info.yaml',
  'meshpath.io/manifests': 'mesh',
};

describe('sourceUrl', () => {
  it('resolves the file inside the manifests folder beside the catalog file, at its line', () => {
    expect(sourceUrl(entity(repo), { file: 'vs/route.yaml', line: 12 })).toBe(
      'https://github.com/acme/payments/blob/main/services/payments/mesh/vs/route.yaml#L12',
    );
  });

  it.each([
    ['a file that climbs out', { file: '../../secrets.yaml', line: 1 }, repo],
    ['an absolute file', { file: '/etc/passwd', line: 1 }, repo],
    [
      'a manifests folder that climbs out',
      { file: 'a.yaml', line: 1 },
      { ...repo, 'meshpath.io/manifests': '../other' },
    ],
    [
      'a file: location',
      { file: 'a.yaml', line: 1 },
      {
        ...repo,
        'backstage.io/managed-by-location': 'file:/srv/catalog-info.yaml',
      },
    ],
    [
      'a javascript: URL',
      { file: 'a.yaml', line: 1 },
      {
        ...repo,
        'backstage.io/managed-by-location': 'url:javascript:alert(1)',
      },
    ],
    [
      'no manifests annotation',
      { file: 'a.yaml', line: 1 },
      {
        'backstage.io/managed-by-location':
          repo['backstage.io/managed-by-location'],
      },
    ],
  ])('links nothing for %s', (_, source, annotations) => {
    expect(sourceUrl(entity(annotations), source)).toBeUndefined();
  });
});
