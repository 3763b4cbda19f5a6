import type { ComplianceRule } from '../complianceRule';
import { boundedRetries } from './boundedRetries';
import { circuitBreaking } from './circuitBreaking';
import { defaultDenyAuthorization } from './defaultDenyAuthorization';
import { gatewayJwt } from './gatewayJwt';
import { networkDefaultDeny } from './networkDefaultDeny';
import { progressiveDelivery } from './progressiveDelivery';
import { routeTimeouts } from './routeTimeouts';
import { sloDeclared } from './sloDeclared';
import { strictMtls } from './strictMtls';

/** Every compliance rule the engine runs, in the order results are listed. */
export const complianceRules: ComplianceRule[] = [
  strictMtls,
  defaultDenyAuthorization,
  gatewayJwt,
  networkDefaultDeny,
  routeTimeouts,
  boundedRetries,
  circuitBreaking,
  progressiveDelivery,
  sloDeclared,
];
