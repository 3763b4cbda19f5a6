import { MESH_RULES, MeshRuleCode } from '@meshpath/plugin-mesh-common';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Analyzer, createAnalyzer } from '../analysis/analyzer';
import {
  formatParityTable,
  parityFixtures,
  parityTable,
  parityTotals,
  runParity,
  runParityScenario,
} from './parity';
import { parityScenarios } from './scenarios';

/** Codes whose peer twins have no scenario here, and why. */
const outOfScope: Partial<Record<MeshRuleCode, string>> = {
  MP0002:
    "istioctl's analyzer tests leave schema validation (IST0106) to Istio's own validation tests; the engine's schema checks are tested against the CRD schemas in schema/",
  MP0101:
    "istioctl's analyzer tests leave schema validation (IST0106) to Istio's own validation tests; the engine's schema checks are tested against the CRD schemas in schema/",
  MP0102:
    "istioctl's analyzer tests leave schema validation (IST0106) to Istio's own validation tests; the engine's schema checks are tested against the CRD schemas in schema/",
  MP1127:
    "istioctl reports a Gateway TLS server without a certificate as IST0106, from Istio's Gateway validation (validateTLSOptions), whose tests are Istio's validation tests, not analyzer tests; checks/gatewayTls.test.ts covers the same cases",
};

describe('parity with the peers’ own tests', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer();
  });

  it.each(
    parityScenarios.map(scenario => [
      `${scenario.code} ${scenario.peer} ${scenario.test} (${scenario.fixture})`,
      scenario,
    ]),
  )('%s', (_label, scenario) => {
    const result = runParityScenario(analyzer, scenario);
    // A fixture that breaks its schema would drop objects and test nothing, unless the scenario is about that.
    expect(result.schemaProblems.length > 0).toBe(
      scenario.breaksSchema !== undefined,
    );
    expect(result.reported).toEqual(
      [...new Set(scenario.disagreement?.engine ?? scenario.expected)].sort(),
    );
  });

  it('has a scenario for every peer twin the catalogue claims, or says why not', () => {
    const missing: string[] = [];
    for (const rule of Object.values(MESH_RULES)) {
      for (const [peer, peerCode] of [
        ['istioctl', rule.references.istio],
        ['kiali', rule.references.kiali],
      ] as const) {
        if (!peerCode || outOfScope[rule.code]) continue;
        const covered = parityScenarios.some(
          s =>
            s.code === rule.code && s.peer === peer && s.peerCode === peerCode,
        );
        if (!covered) missing.push(`${rule.code} ${peer} ${peerCode}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('uses every fixture, and every fixture it names exists', () => {
    const files = ['istio', 'kiali'].flatMap(peer =>
      readdirSync(join(parityFixtures, peer)).map(file => `${peer}/${file}`),
    );
    const used = new Set(parityScenarios.map(s => s.fixture));
    expect(files.filter(file => !used.has(file))).toEqual([]);
    expect([...used].filter(file => !files.includes(file))).toEqual([]);
  });

  it('writes every disagreement with its reason', () => {
    const unexplained = parityScenarios.filter(
      scenario =>
        scenario.disagreement && scenario.disagreement.reason.length < 20,
    );
    expect(unexplained).toEqual([]);
  });

  it('tabulates scenarios, agreements and disagreements per code', () => {
    const rows = parityTable(runParity(analyzer));
    const totals = parityTotals(rows);
    expect(totals.scenarios).toBe(parityScenarios.length);
    expect(totals.agreed + totals.disagreements).toBe(totals.scenarios);
    const text = formatParityTable(rows);
    expect(text).not.toContain('UNDOCUMENTED');
    expect(text).toContain('MP1105');
  });
});
