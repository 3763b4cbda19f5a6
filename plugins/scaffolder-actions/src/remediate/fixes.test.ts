import { MESH_RULES } from '@meshpath/plugin-mesh-common';
import { REMEDIABLE_CODES } from './fixes';

describe('REMEDIABLE_CODES', () => {
  it('are exactly the codes the rule catalogue marks fixable', () => {
    const fixable = Object.values(MESH_RULES)
      .filter(rule => rule.fixable)
      .map(rule => rule.code)
      .sort();
    expect(fixable).toEqual([...REMEDIABLE_CODES].sort());
  });
});
