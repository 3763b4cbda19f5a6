import { settle } from './settle';

const never = () => new Promise<never>(() => {});
const limits = { timeoutMs: 60_000 };

describe('settle', () => {
  it('gives the value of a call that answers', async () => {
    expect(await settle('k8s', async () => 42, limits)).toEqual({
      ok: true,
      value: 42,
    });
  });

  it.each([
    [
      'a synchronous throw',
      () => {
        throw new Error('boom');
      },
      'boom',
    ],
    ['a rejection', () => Promise.reject(new Error('503')), '503'],
    ['a thrown non-error', () => Promise.reject('plain text'), 'plain text'],
  ])("makes %s the source's error", async (_, call, message) => {
    expect(await settle('k8s', call as () => Promise<never>, limits)).toEqual({
      ok: false,
      error: { source: 'k8s', message },
    });
  });

  it('gives up on a call that never answers', async () => {
    expect(await settle('git', never, { timeoutMs: 10 })).toEqual({
      ok: false,
      error: { source: 'git', message: 'no answer within 0.01 s' },
    });
  });

  it('abandons a pending call when the cycle is aborted', async () => {
    const controller = new AbortController();
    const settled = settle('k8s', never, {
      ...limits,
      signal: controller.signal,
    });
    controller.abort();
    expect(await settled).toEqual({
      ok: false,
      error: { source: 'k8s', message: 'the refresh was aborted' },
    });
  });
});
