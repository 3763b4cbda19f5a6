import { parseManifests } from '../../manifests/parseManifests';
import { MeshIndex } from '../meshIndex';
import { NetworkPolicies } from './networkPolicies';

const world = (policies: string) => {
  const { objects } = parseManifests(
    `
apiVersion: v1
kind: Namespace
metadata: { name: pay, labels: { team: payments } }
---
apiVersion: v1
kind: Namespace
metadata: { name: monitoring, labels: { purpose: observability } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: pay }
spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec: { containers: [{ name: payments, ports: [{ name: http, containerPort: 8080 }] }] }
---
${policies}`,
    'world.yaml',
  );
  const index = new MeshIndex(objects, 'istio-system');
  const workload = index.workloads.find(w => w.ref.name === 'payments')!;
  return { policies: new NetworkPolicies(index), workload };
};

const policy = (spec: string, name = 'p') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: pay }
spec: ${spec}`;

describe('NetworkPolicies', () => {
  it('admits everything while no Ingress policy selects the pod (an Egress-only one does not isolate)', () => {
    const { policies, workload } = world(
      policy('{ podSelector: {}, policyTypes: [Egress] }'),
    );
    expect(
      policies.admits(workload, 8080, { namespace: 'anywhere' }).verdict,
    ).toBe('allow');
  });

  it('denies what no rule admits once a policy selects the pod', () => {
    const { policies, workload } = world(
      policy('{ podSelector: {}, policyTypes: [Ingress] }', 'default-deny'),
    );
    expect(
      policies.admits(workload, 8080, { namespace: 'pay', podLabels: {} }),
    ).toMatchObject({
      verdict: 'deny',
      decidedBy: { name: 'default-deny' },
    });
  });

  it('resolves a named port on the destination pod, and ranges with endPort', () => {
    const { policies, workload } = world(
      policy(
        '{ podSelector: {}, ingress: [{ ports: [{ port: http }, { port: 15000, endPort: 15010 }] }] }',
      ),
    );
    const from = { namespace: 'other', podLabels: {} };
    expect(policies.admits(workload, 8080, from).verdict).toBe('allow');
    expect(policies.admits(workload, 15008, from).verdict).toBe('allow');
    expect(policies.admits(workload, 15020, from).verdict).toBe('deny');
  });

  it('matches namespaces by their labels, including kubernetes.io/metadata.name; a podSelector alone means the policy’s namespace', () => {
    const { policies, workload } = world(
      policy(
        '{ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: observability } } }, { podSelector: { matchLabels: { role: client } } }] }] }',
      ),
    );
    expect(
      policies.admits(workload, 8080, { namespace: 'monitoring' }).verdict,
    ).toBe('allow');
    expect(
      policies.admits(workload, 8080, {
        namespace: 'pay',
        podLabels: { role: 'client' },
      }).verdict,
    ).toBe('allow');
    expect(
      policies.admits(workload, 8080, {
        namespace: 'pay',
        podLabels: { role: 'server' },
      }).verdict,
    ).toBe('deny');
    // A Namespace the input does not hold: only its name label is known.
    expect(
      policies.admits(workload, 8080, {
        namespace: 'other',
        podLabels: { role: 'client' },
      }).verdict,
    ).toBe('unknown');
  });

  it('ANDs namespaceSelector and podSelector in one peer, and says unknown where the input does not show the labels', () => {
    const { policies, workload } = world(
      policy(
        '{ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: monitoring } }, podSelector: { matchLabels: { app: prometheus } } }] }] }',
      ),
    );
    expect(
      policies.admits(workload, 8080, {
        namespace: 'monitoring',
        podLabels: { app: 'prometheus' },
      }).verdict,
    ).toBe('allow');
    expect(
      policies.admits(workload, 8080, {
        namespace: 'monitoring',
        podLabels: { app: 'grafana' },
      }).verdict,
    ).toBe('deny');
    // Any pod of the namespace: the podSelector may or may not match it.
    expect(
      policies.admits(workload, 8080, { namespace: 'monitoring' }).verdict,
    ).toBe('unknown');
  });

  it('leaves ipBlock peers unknown: whether they cover pod IPs is up to the network plugin', () => {
    const { policies, workload } = world(
      policy(
        '{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }] }',
      ),
    );
    expect(
      policies.admits(workload, 8080, { namespace: 'other', podLabels: {} })
        .verdict,
    ).toBe('unknown');
  });
});
