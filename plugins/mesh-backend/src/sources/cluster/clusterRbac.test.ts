import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CLUSTER_KINDS } from './clusterKinds';

// The README's ClusterRole is what adopters apply: a kind it forgot would be a
// 403 and a partial world in every cluster, so it must cover every listed kind.

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
}

function readmeClusterRole(): PolicyRule[] {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]);
  for (const block of blocks) {
    for (const document of parseAllDocuments(block)) {
      const object = document.toJS();
      if (object?.kind === 'ClusterRole') return object.rules;
    }
  }
  throw new Error('README.md has no ClusterRole');
}

describe("the README's read-only ClusterRole", () => {
  const rules = readmeClusterRole();

  it.each(CLUSTER_KINDS.map(kind => [`${kind.plural}.${kind.group}`, kind]))(
    'lets the cluster source list %s',
    (_name, kind) => {
      const granting = rules.filter(
        rule =>
          rule.apiGroups?.includes(kind.group) &&
          rule.resources?.includes(kind.plural) &&
          rule.verbs?.includes('list'),
      );
      expect(granting).not.toHaveLength(0);
    },
  );

  it('only reads, and never Secrets', () => {
    const verbs = new Set(rules.flatMap(rule => rule.verbs ?? []));
    expect(
      [...verbs].filter(v => !['get', 'list', 'watch'].includes(v)),
    ).toEqual([]);
    expect(rules.flatMap(rule => rule.resources ?? [])).not.toContain(
      'secrets',
    );
  });
});
