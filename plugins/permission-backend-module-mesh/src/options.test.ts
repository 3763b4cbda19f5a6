import { ConfigReader } from '@backstage/config';
import { readMeshPolicyOptions } from './options';

describe('readMeshPolicyOptions', () => {
  it('normalises approver refs and defaults to allowing other permissions', () => {
    expect(
      readMeshPolicyOptions(
        new ConfigReader({
          mesh: {
            waivers: {
              approvers: ['platform-team', 'group:security/Auditors'],
            },
          },
        }),
      ),
    ).toEqual({
      approverGroups: [
        'group:default/platform-team',
        'group:security/auditors',
      ],
      otherPermissions: 'allow',
    });
    expect(readMeshPolicyOptions(new ConfigReader({}))).toEqual({
      approverGroups: [],
      otherPermissions: 'allow',
    });
  });

  it('refuses what it cannot read', () => {
    expect(() =>
      readMeshPolicyOptions(
        new ConfigReader({ mesh: { policy: { otherPermissions: 'maybe' } } }),
      ),
    ).toThrow(/allow or deny/);
    expect(() =>
      readMeshPolicyOptions(
        new ConfigReader({ mesh: { waivers: { approvers: [':'] } } }),
      ),
    ).toThrow(/not an entity ref/);
  });
});
