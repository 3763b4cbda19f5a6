import type {
  ComplianceCheck,
  ComplianceFramework,
  ComplianceReport,
  ControlRef,
  EvaluatedFinding,
  Finding,
  FrameworkScore,
  ObjectRef,
  Waiver,
} from '@meshpath/plugin-mesh-common';

/** What is scored: a service's findings and its stored compliance checks, each with its rule's controls. */
export interface ScoredChecks {
  findings: Finding[];
  compliance: Array<ComplianceCheck & { controls: ControlRef[] }>;
}

const objectKey = (o?: ObjectRef) =>
  o ? `${o.kind}/${o.namespace ?? ''}/${o.name}` : undefined;

/** The active waiver covering a rule on an object, if any. */
function waiverFor(
  waivers: Waiver[],
  code: string,
  object?: ObjectRef,
): Waiver | undefined {
  return waivers.find(
    w =>
      w.ruleCode === code &&
      (!w.objectRef || w.objectRef === objectKey(object)),
  );
}

/** Scores per framework and control, with active waivers applied. */
export function scoreCompliance(
  result: ScoredChecks,
  activeWaivers: Waiver[],
): ComplianceReport {
  const frameworks = new Map<ComplianceFramework, FrameworkScore>();
  for (const check of result.compliance) {
    const waived =
      !check.passed &&
      waiverFor(activeWaivers, check.code, check.subject) !== undefined;
    for (const { framework, control } of check.controls) {
      let score = frameworks.get(framework);
      if (!score) {
        score = {
          framework,
          passed: 0,
          failed: 0,
          waived: 0,
          score: null,
          controls: [],
        };
        frameworks.set(framework, score);
      }
      let controlScore = score.controls.find(c => c.control === control);
      if (!controlScore) {
        controlScore = { control, passed: 0, failed: 0, waived: 0 };
        score.controls.push(controlScore);
      }
      let outcome: 'passed' | 'waived' | 'failed' = 'failed';
      if (check.passed) outcome = 'passed';
      else if (waived) outcome = 'waived';
      score[outcome] += 1;
      controlScore[outcome] += 1;
    }
  }
  for (const score of frameworks.values()) {
    const total = score.passed + score.failed + score.waived;
    score.score = total === 0 ? null : (score.passed + score.waived) / total;
    score.controls.sort((a, b) => a.control.localeCompare(b.control));
  }
  const findings: EvaluatedFinding[] = result.findings.map(f => {
    const waiver = waiverFor(activeWaivers, f.code, f.object);
    return waiver ? { ...f, waiverId: waiver.id } : f;
  });
  return {
    frameworks: [...frameworks.values()].sort((a, b) =>
      a.framework.localeCompare(b.framework),
    ),
    findings,
  };
}
