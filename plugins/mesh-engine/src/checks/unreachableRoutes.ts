import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';

/** A match with nothing in it but `/`, or none at all, takes every request. */
function isCatchAllMatch(match: unknown): boolean {
  if (!isRecord(match)) return false;
  const keys = Object.keys(match).filter(key => key !== 'name');
  if (keys.length === 0) return true;
  if (keys.length === 1 && keys[0] === 'uri') {
    const uri = match.uri;
    return uri?.prefix === '/' || uri?.regex === '.*' || uri?.regex === '/.*';
  }
  return false;
}

/** A match as a comparable key: its fields without the name, keys sorted. */
function matchKey(match: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (!isRecord(value)) return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(key => [key, canonical(value[key])]),
    );
  };
  const { name: _name, ...rest } = isRecord(match) ? match : {};
  return JSON.stringify(canonical(rest));
}

/**
 * The first route of a list that no request reaches: one after a route that
 * takes every request, or one whose every match an earlier route already has
 * (istioctl IST0130). Returns its position and the reason.
 */
function unreachableRoute(
  routes: unknown[],
): { position: number; reason: string } | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i];
    const matches: unknown[] =
      isRecord(route) && Array.isArray(route.match) ? route.match : [];
    if (
      i > 0 &&
      matches.length > 0 &&
      matches.every(m => seen.has(matchKey(m)))
    )
      return {
        position: i,
        reason: `route ${
          i + 1
        } repeats the match of an earlier route, so it is never used`,
      };
    if (matches.length === 0 || matches.some(isCatchAllMatch)) {
      if (i < routes.length - 1)
        return {
          position: i + 1,
          reason: `route ${i + 1} matches every request, so the ${
            routes.length - i - 1
          } route(s) after it are never used`,
        };
      return undefined;
    }
    for (const match of matches) seen.add(matchKey(match));
  }
  return undefined;
}

/** MP1110: HTTP, TCP and TLS routes no request reaches. */
export function checkUnreachableRoutes(
  context: CheckContext,
  virtualService: IndexedObject,
) {
  const spec = virtualService.object.spec ?? {};
  for (const section of ['http', 'tcp', 'tls'] as const) {
    const routes: unknown[] = Array.isArray(spec[section]) ? spec[section] : [];
    const unreachable = unreachableRoute(routes);
    if (unreachable)
      context.report.report(
        'MP1110',
        `${section.toUpperCase()} ${unreachable.reason}`,
        virtualService,
      );
  }
}
