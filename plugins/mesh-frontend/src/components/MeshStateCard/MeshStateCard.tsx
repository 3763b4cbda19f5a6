import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { MeshStatus } from '../MeshStatus';

function callers(state: EntityMeshState): string {
  // Without live objects no policy was seen either: that is not "anyone may call".
  if (state.objects.length === 0) return 'unknown: no live objects found';
  if (state.allowedCallers === undefined) return 'any workload in the mesh';
  if (state.allowedCallers.length === 0) return 'nobody (deny all)';
  return state.allowedCallers.join(', ');
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
