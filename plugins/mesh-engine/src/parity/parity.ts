import type { Finding, MeshRuleCode } from '@meshpath/plugin-mesh-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analyzer } from '../analysis/analyzer';
import { parseManifests } from '../manifests/parseManifests';
import { ParityPeer, ParityScenario, parityScenarios } from './scenarios';

/** Where the suite's own fixtures are. */
export const parityFixtures = resolvePackagePath(
  '@meshpath/mesh-engine',
  'src/parity/fixtures',
);

/** One scenario run through the engine. */
export interface ParityResult {
  scenario: ParityScenario;
  /** Objects the engine reports for the scenario's code, as `Kind namespace/name`, sorted. */
  reported: string[];
  /** The engine agrees with the peer. */
  agreed: boolean;
  /** The engine reports what the documented disagreement says (false: an undocumented difference). */
  asDocumented: boolean;
  /** Schema findings of the fixture: a scenario whose objects break their schema would test nothing. */
  schemaProblems: string[];
}

/** A finding's object as the peers name it: `Kind namespace/name` (no namespace for cluster objects). */
function objectLabel(finding: Finding): string {
  const object = finding.object;
  if (!object) return `(no object) ${finding.message}`;
  return object.namespace
    ? `${object.kind} ${object.namespace}/${object.name}`
    : `${object.kind} ${object.name}`;
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);
const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

/** Runs one scenario's fixture through the engine and compares with the peer. */
export function runParityScenario(
  analyzer: Analyzer,
  scenario: ParityScenario,
): ParityResult {
  const text = readFileSync(join(parityFixtures, scenario.fixture), 'utf8');
  const parsed = parseManifests(text, scenario.fixture);
  const findings = analyzer.analyze(parsed.objects).findings;
  const reported = sorted(
    findings.filter(f => f.code === scenario.code).map(objectLabel),
  );
  const schemaProblems = [...parsed.findings, ...findings]
    .filter(f => ['MP0001', 'MP0002', 'MP0101', 'MP0102'].includes(f.code))
    .map(f => `${objectLabel(f)}: ${f.message}`);
  const agreed = sameSet(reported, sorted(scenario.expected));
  const asDocumented = scenario.disagreement
    ? sameSet(reported, sorted(scenario.disagreement.engine))
    : agreed;
  return { scenario, reported, agreed, asDocumented, schemaProblems };
}

/** Runs every scenario of the suite. */
export function runParity(analyzer: Analyzer): ParityResult[] {
  return parityScenarios.map(scenario => runParityScenario(analyzer, scenario));
}

/** Per code: scenarios reproduced, agreed, and each disagreement with its reason. */
export interface ParityRow {
  code: MeshRuleCode;
  peers: ParityPeer[];
  scenarios: number;
  agreed: number;
  disagreements: Array<{ test: string; reason: string }>;
}

export function parityTable(results: ParityResult[]): ParityRow[] {
  const rows = new Map<MeshRuleCode, ParityRow>();
  for (const { scenario, agreed, asDocumented } of results) {
    let row = rows.get(scenario.code);
    if (!row) {
      row = {
        code: scenario.code,
        peers: [],
        scenarios: 0,
        agreed: 0,
        disagreements: [],
      };
      rows.set(scenario.code, row);
    }
    if (!row.peers.includes(scenario.peer)) row.peers.push(scenario.peer);
    row.scenarios++;
    if (agreed) row.agreed++;
    else
      row.disagreements.push({
        test: `${scenario.peer} ${scenario.test} (${scenario.fixture})`,
        reason: asDocumented
          ? scenario.disagreement!.reason
          : 'UNDOCUMENTED: the engine differs and no reason is written',
      });
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Totals over the table: what the benchmark prints. */
export function parityTotals(rows: ParityRow[]) {
  return rows.reduce(
    (totals, row) => ({
      codes: totals.codes + 1,
      scenarios: totals.scenarios + row.scenarios,
      agreed: totals.agreed + row.agreed,
      disagreements: totals.disagreements + row.disagreements.length,
    }),
    { codes: 0, scenarios: 0, agreed: 0, disagreements: 0 },
  );
}

/** The per-code table as text: one line per code, then the disagreements with their reasons. */
export function formatParityTable(rows: ParityRow[]): string {
  const lines = [
    'code    peers          scenarios  agreed  disagreements',
    ...rows.map(
      row =>
        `${row.code}  ${row.peers.join(',').padEnd(13)}  ${String(
          row.scenarios,
        ).padStart(9)}  ${String(row.agreed).padStart(6)}  ${String(
          row.disagreements.length,
        ).padStart(13)}`,
    ),
  ];
  const totals = parityTotals(rows);
  lines.push(
    `total   ${String(totals.codes).padStart(2)} codes       ${String(
      totals.scenarios,
    ).padStart(9)}  ${String(totals.agreed).padStart(6)}  ${String(
      totals.disagreements,
    ).padStart(13)}`,
  );
  for (const row of rows) {
    for (const { test, reason } of row.disagreements)
      lines.push(`${row.code} ${test}: ${reason}`);
  }
  return lines.join('\n');
}
