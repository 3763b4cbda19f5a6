import type {
  AuthorizationPolicySummary,
  WorkloadAuthorization,
} from '@meshpath/plugin-mesh-common';
import { summariseRule } from './authorizationRules';
import {
  evaluateAuthorization,
  istioStringMatches,
} from './evaluateAuthorization';

const allow = (rules: unknown[]): AuthorizationPolicySummary => ({
  ref: {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    namespace: 'shop',
    name: 'p',
  },
  action: 'ALLOW',
  scope: 'namespace',
  enforcement: 'sidecar',
  rules: rules.map(summariseRule),
});

const only = (policy: AuthorizationPolicySummary): WorkloadAuthorization => ({
  outcome: 'restricted',
  custom: [],
  deny: [],
  allow: [policy],
  audit: [],
});

describe('istioStringMatches', () => {
  it('follows Istio: * any non-empty value, *x suffix, x* prefix, else exact', () => {
    expect(istioStringMatches('*', 'a')).toBe(true);
    expect(istioStringMatches('*', '')).toBe(false);
    expect(istioStringMatches('*.svc', 'a.svc')).toBe(true);
    expect(
      istioStringMatches('cluster.local/ns/a/*', 'cluster.local/ns/a/sa/b'),
    ).toBe(true);
    expect(istioStringMatches('GET', 'get')).toBe(false);
  });
});

describe('evaluateAuthorization', () => {
  it('matches paths with {*} and {**} templates', () => {
    const authz = only(
      allow([{ to: [{ operation: { paths: ['/users/{*}/orders/{**}'] } }] }]),
    );
    expect(
      evaluateAuthorization(authz, { path: '/users/7/orders/1/lines' }).verdict,
    ).toBe('allow');
    expect(
      evaluateAuthorization(authz, { path: '/users/7/8/orders/1' }).verdict,
    ).toBe('deny');
  });

  it('matches service accounts in the policy namespace and hosts case-insensitively', () => {
    const authz = only(
      allow([
        {
          from: [{ source: { serviceAccounts: ['checkout'] } }],
          to: [{ operation: { hosts: ['Cart.Example.com'] } }],
        },
      ]),
    );
    expect(
      evaluateAuthorization(authz, {
        principal: 'cluster.local/ns/shop/sa/checkout',
        host: 'cart.example.com',
      }).verdict,
    ).toBe('allow');
    expect(
      evaluateAuthorization(authz, {
        principal: 'cluster.local/ns/web/sa/checkout',
        host: 'cart.example.com',
      }).verdict,
    ).toBe('deny');
  });

  it('says which attribute an observed L4 caller lacks', () => {
    const authz = only(
      allow([{ to: [{ operation: { paths: ['/public/*'] } }] }]),
    );
    const verdict = evaluateAuthorization(authz, {
      principal: 'cluster.local/ns/web/sa/frontend',
    });
    expect(verdict).toEqual({
      verdict: 'unknown',
      reason: 'ALLOW policy shop/p may match (depends on path)',
    });
  });

  it('ignores policies nobody enforces', () => {
    const ignored = {
      ...allow([]),
      enforcement: 'ignored-needs-waypoint' as const,
    };
    expect(evaluateAuthorization(only(ignored), {}).verdict).toBe('allow');
  });
});
