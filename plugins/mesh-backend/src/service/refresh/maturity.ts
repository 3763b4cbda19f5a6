import type {
  EntityMeshState,
  MaturityAssessment,
  MaturityLevel,
  MaturityRequirements,
} from '@meshpath/plugin-mesh-common';

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** Each requirement of `requires` the state misses, in words a team can act on. */
function missingRequirements(
  state: EntityMeshState,
  requires: MaturityRequirements,
): string[] {
  const missing: string[] = [];
  const open = state.compliance.findings.filter(f => !f.waiverId);
  for (const { framework, control } of requires.controls ?? []) {
    const result = state.compliance.frameworks
      .find(f => f.framework === framework)
      ?.controls.find(c => c.control === control);
    if (!result || result.passed + result.waived === 0)
      missing.push(`${framework} ${control} is not checked`);
    else if (result.failed > 0)
      missing.push(
        `${framework} ${control} fails ${result.failed} ${plural(
          result.failed,
          'check',
        )}`,
      );
  }
  for (const { framework, score } of requires.minScores ?? []) {
    const actual = state.compliance.frameworks.find(
      f => f.framework === framework,
    )?.score;
    if (actual === undefined || actual === null)
      missing.push(`no ${framework} score (needs ${percent(score)})`);
    else if (actual < score)
      missing.push(
        `${framework} score ${percent(actual)}, needs ${percent(score)}`,
      );
  }
  for (const code of requires.noFindingCodes ?? []) {
    const count = open.filter(f => f.code === code).length;
    if (count > 0)
      missing.push(`${count} open ${code} ${plural(count, 'finding')}`);
  }
  for (const severity of requires.noFindingSeverities ?? []) {
    const count = open.filter(f => f.severity === severity).length;
    if (count > 0)
      missing.push(`${count} open ${severity} ${plural(count, 'finding')}`);
  }
  if (requires.sloDeclared && state.slos.length === 0)
    missing.push('no SLO declared');
  if (requires.mtlsStrict && state.mtls !== 'STRICT')
    missing.push(`mTLS ${state.mtls}, needs STRICT`);
  return missing;
}

/**
 * The highest level whose requirements and every lower level's hold, and what
 * the next level lacks. Levels are cumulative: missing bronze, gold does not count.
 */
export function assessMaturity(
  state: EntityMeshState,
  levels: MaturityLevel[],
): MaturityAssessment {
  let rank = 0;
  for (const level of levels) {
    const missing = missingRequirements(state, level.requires);
    if (missing.length > 0)
      return {
        ...(rank > 0 ? { level: levels[rank - 1].name } : {}),
        rank,
        next: { level: level.name, missing },
      };
    rank += 1;
  }
  return rank > 0 ? { level: levels[rank - 1].name, rank } : { rank };
}
