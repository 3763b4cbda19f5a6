import { useApi } from '@backstage/core-plugin-api';
import { FleetFilters, FleetQuery, meshApiRef } from '../api';
import { useRetriedAsync } from './useRetriedAsync';

/** One page of the fleet for the query, retried when the backend hiccups. */
export function useFleet(query: FleetQuery) {
  const meshApi = useApi(meshApiRef);
  const key = JSON.stringify(query);
  return useRetriedAsync(() => meshApi.getFleet(query), [meshApi, key]);
}

/** How each cluster's last refresh went: the fleet names those that could not be read. */
export function useClusterOutcomes() {
  const meshApi = useApi(meshApiRef);
  return useRetriedAsync(() => meshApi.getClusterOutcomes(), [meshApi]);
}

/** The fleet's figures per team for the filters. */
export function useFleetTeams(filters: FleetFilters) {
  const meshApi = useApi(meshApiRef);
  const key = JSON.stringify(filters);
  return useRetriedAsync(() => meshApi.getFleetTeams(filters), [meshApi, key]);
}

/** The fleet's daily average score of `framework` for the filters. */
export function useFleetTrend(filters: FleetFilters, framework: string) {
  const meshApi = useApi(meshApiRef);
  const { framework: _failing, ...rest } = filters;
  const key = JSON.stringify(rest);
  return useRetriedAsync(
    () => meshApi.getFleetTrend({ ...rest, framework }),
    [meshApi, key, framework],
  );
}
