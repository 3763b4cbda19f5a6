import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import { RefreshBudgets } from '../database';

/** Limits of `POST …/refresh`, which runs mesh-wide queries and 28–30-day PromQL windows. */
export interface OnDemandRefreshLimits {
  /** One on-demand refresh of an entity per this many seconds. */
  entityIntervalSeconds: number;
  /** On-demand refreshes one caller may ask for per `callerWindowMinutes`. */
  callerLimit: number;
  callerWindowMinutes: number;
}

/** `mesh.refresh.onDemand`, with its defaults. */
export function readOnDemandRefreshLimits(
  config?: Config,
): OnDemandRefreshLimits {
  const onDemand = config?.getOptionalConfig('mesh.refresh.onDemand');
  return {
    entityIntervalSeconds:
      onDemand?.getOptionalNumber('entityIntervalSeconds') ?? 60,
    callerLimit: onDemand?.getOptionalNumber('callerLimit') ?? 10,
    callerWindowMinutes:
      onDemand?.getOptionalNumber('callerWindowMinutes') ?? 10,
  };
}

/** The budgets one request draws on. */
export function refreshBudgets(
  limits: OnDemandRefreshLimits,
  entityRef: string,
  credentials: BackstageCredentials,
): RefreshBudgets {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return {
    entityRef,
    caller: principal.userEntityRef ?? principal.subject ?? principal.type,
    entityIntervalMs: limits.entityIntervalSeconds * 1000,
    callerLimit: limits.callerLimit,
    callerWindowMs: limits.callerWindowMinutes * 60_000,
  };
}

/** Answered as 429 by the backend's error handler (it reads `statusCode`). */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}
