import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { MeshStatus } from '../MeshStatus';

/** Who may call, per workload, from the engine's authorization as Istio evaluates it. */
function callers(state: EntityMeshState): string {
  // Without live objects no policy was seen either: that is not "anyone may call".
  if (state.objects.length === 0) return 'unknown: no live objects found';
  const workloads = (state.clusters ?? []).flatMap(c => c.workloads);
  if (workloads.length === 0) return 'unknown: no workload found';
  const answers = workloads.map(({ authorization: a }) => {
    switch (a.outcome) {
      case 'no-policy':
        return 'any workload in the mesh';
      case 'allow-all':
        return 'anyone (an ALLOW policy matches every request)';
      case 'deny-all':
        return 'nobody (deny all)';
      default: {
        const allowed = a.allow.flatMap(p => p.rules.map(r => r.text));
        const denied = a.deny.flatMap(p => p.rules.map(r => `not ${r.text}`));
        return [...allowed, ...denied].join('; ') || 'restricted';
      }
    }
  });
  return [...new Set(answers)].join('; ');
}

function canaries(state: EntityMeshState): string {
  if (state.canaries.length === 0) return 'none';
  return state.canaries
    .map(
      c =>
        `${c.cluster}/${c.namespace}/${c.name}: ${c.phase ?? 'unknown'}${
          c.canaryWeight !== undefined ? ` (${c.canaryWeight}% canary)` : ''
        }`,
    )
    .join('; ');
}

function drift(state: EntityMeshState): string {
  if (!state.drift) return 'no manifests declared';
  const { declaredNotLive, liveNotDeclared, differing } = state.drift;
  if (
    declaredNotLive.length + liveNotDeclared.length + differing.length ===
    0
  ) {
    return 'live objects match the declared manifests';
  }
  return `${declaredNotLive.length} declared but not live, ${liveNotDeclared.length} live but not declared, ${differing.length} differing`;
}

/** The service's mesh configuration as it is live: status, mTLS, callers, canaries, drift. */
export const MeshStateCard = ({ state }: { state: EntityMeshState }) => (
  <InfoCard
    title="Mesh"
    subheader={`Refreshed ${new Date(state.refreshedAt).toLocaleString()}`}
  >
    <Typography component="div" variant="body1">
      Status: <MeshStatus status={state.status} />
    </Typography>
    <StructuredMetadataTable
      metadata={{
        mTLS: state.mtls,
        'Who may call it': callers(state),
        Canaries: canaries(state),
        'Drift from Git': drift(state),
        'Mesh objects':
          state.objects.length === 0
            ? 'none found'
            : state.objects.map(
                o =>
                  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}${
                    o.cluster ? ` (${o.cluster})` : ''
                  }`,
              ),
      }}
      // Keys are already written for people ("mTLS", not "M TLS").
      options={{ titleFormat: key => key }}
    />
    {state.errors.map(error => (
      <Typography key={error.source} color="error" variant="body2">
        {error.source}: {error.message}
      </Typography>
    ))}
  </InfoCard>
);
