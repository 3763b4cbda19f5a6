import type { ComplianceRule } from '../complianceRule';

/** Label that ties a PrometheusRule with SLO rules to the service it measures. @public */
export const SLO_LABEL = 'meshpath.io/slo';

/** MP2009: an SLO is declared for the service (PrometheusRule label or OpenSLO). */
export const sloDeclared: ComplianceRule = {
  code: 'MP2009',
  prepare: ({ index }) => {
    const measured = new Set<string>();
    for (const rule of index.ofKind('monitoring.coreos.com/PrometheusRule')) {
      const service = rule.object.metadata.labels?.[SLO_LABEL];
      if (service) measured.add(`${rule.namespace}/${service}`);
    }
    for (const slo of index.ofKind('openslo/SLO')) {
      if (typeof slo.object.spec?.service === 'string')
        measured.add(`${slo.namespace}/${slo.object.spec.service}`);
    }
    return ({ service }) =>
      measured.has(`${service.namespace}/${service.ref.name}`)
        ? { passed: true, message: 'an SLO is declared' }
        : {
            passed: false,
            message: `no SLO is declared (PrometheusRule labelled ${SLO_LABEL}=${service.ref.name}, or OpenSLO)`,
          };
  },
};
