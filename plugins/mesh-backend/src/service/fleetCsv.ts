import type { FleetEntry } from '@meshpath/plugin-mesh-common';

/** The CSV's columns, in the fleet page's order. */
export function fleetCsvHeader(frameworks: string[]): string[] {
  return [
    'service',
    'owner',
    'system',
    'lifecycle',
    'namespace',
    'clusters',
    'status',
    'mtls',
    'slo_budget_remaining',
    ...frameworks.map(f => `compliance_${f}`),
    'open_findings',
    'maturity_level',
    'maturity_next_missing',
    'refreshed_at',
  ];
}

export function fleetCsvRow(entry: FleetEntry, frameworks: string[]): string[] {
  const share = (value: number | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  return [
    entry.entityRef,
    entry.owner ?? '',
    entry.system ?? '',
    entry.lifecycle ?? '',
    entry.namespace ?? '',
    entry.clusters.join(' '),
    entry.status,
    entry.mtls,
    share(entry.sloBudgetRemaining),
    ...frameworks.map(f => share(entry.complianceScores[f])),
    String(entry.openFindings),
    entry.maturityLevel ?? '',
    entry.maturityNext
      ? `${entry.maturityNext.level}: ${entry.maturityNext.missing.join('; ')}`
      : '',
    entry.refreshedAt,
  ];
}

// A negative budget is a number, not a formula.
const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would read as a formula
 * (= + - @, tab, carriage return first, other than a plain number) gets a
 * leading apostrophe: entity authors control names, owners and systems.
 */
export function csvCell(value: string): string {
  const formula = /^[=+\-@\t\r]/.test(value) && !NUMBER.test(value);
  const safe = formula ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: string[]) =>
  `${cells.map(csvCell).join(',')}\r\n`;
