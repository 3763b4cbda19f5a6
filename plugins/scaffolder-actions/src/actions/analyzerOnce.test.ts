import type { Analyzer } from '@meshpath/mesh-engine';
import { analyzerOnce } from './analyzerOnce';

describe('analyzerOnce', () => {
  it('creates the analyzer once for every call, and again after a failed start', async () => {
    let created = 0;
    let fail = true;
    const shared = analyzerOnce(async () => {
      created += 1;
      if (fail) throw new Error('schemas missing');
      return {} as Analyzer;
    });
    await expect(shared()).rejects.toThrow('schemas missing');
    fail = false;
    const first = await shared();
    expect(await shared()).toBe(first);
    expect(created).toBe(2);
  });
});
