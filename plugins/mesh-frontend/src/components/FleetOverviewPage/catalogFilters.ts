import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  DefaultEntityFilters,
  EntityFilter,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { FleetFilters } from '../../api';

/** Services in any of the given systems (`spec.system`), for the catalog's autocomplete picker. */
export class EntitySystemFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  getCatalogFilters(): Record<string, string | string[]> {
    return { 'spec.system': this.values };
  }

  filterEntity(entity: Entity): boolean {
    return this.values.includes(String(entity.spec?.system ?? ''));
  }

  toQueryValue(): string[] {
    return this.values;
  }
}

/** The catalog filters of the fleet page: the default ones and the system. */
export type FleetCatalogFilters = DefaultEntityFilters & {
  systems?: EntitySystemFilter;
};

/** A picker value as the backend stores it: a full reference (`group:default/payments-team`). */
function fullRef(value: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return value;
  }
}

/** What the catalog's pickers chose, as the fleet routes filter by it. */
export function useCatalogFleetFilters(): Pick<
  FleetFilters,
  'owner' | 'system' | 'lifecycle'
> {
  const { filters } = useEntityList<FleetCatalogFilters>();
  const owners = filters.owners?.values ?? [];
  const systems = filters.systems?.values ?? [];
  const lifecycles = filters.lifecycles?.values ?? [];
  return {
    ...(owners.length > 0
      ? { owner: owners.map(o => fullRef(o, 'group')) }
      : {}),
    ...(systems.length > 0
      ? { system: systems.map(s => fullRef(s, 'system')) }
      : {}),
    ...(lifecycles.length > 0 ? { lifecycle: lifecycles } : {}),
  };
}
