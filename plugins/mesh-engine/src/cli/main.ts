import {
  isMeshRuleCode,
  meshRule,
  MeshRuleCode,
  RuleCategory,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '../analysis/analyzer';
import { applyRulePolicy } from '../analysis/report';
import { loadManifests } from '../manifests/loadManifests';
import { CliConfigError, readCliConfig } from './cliConfig';
import { explainRule } from './explain';
import { formatGithub } from './formatGithub';
import { formatJson, formatText } from './formats';
import { formatJunit } from './formatJunit';
import { formatSarif } from './formatSarif';
import { printable, Report } from './report';
import { namesStandardInput } from './standardInput';
import { suppressInline } from './suppressInline';

const formats = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
} as const;
type FormatName = keyof typeof formats;

const usage = `Usage: meshpath analyze [OPTION]... PATH...
       meshpath explain CODE

analyze: analyses Istio, Gateway API, Flagger and Kubernetes manifests as the
whole mesh: a reference to anything not given is reported as missing. PATH is
a file, a folder (read recursively, .yaml/.yml, following symbolic links), a
FIFO such as <(kustomize build), or - for standard input. Give -- before paths
that start with a dash. What cannot be read is reported as a finding (MP0003).

  -f, --format FORMAT     text (default), json, sarif, github (workflow
                          annotations) or junit
  --root-namespace NAME   Istio's root namespace (default istio-system)
  --config FILE           an app-config.yaml; repeat to merge several, later
                          ones win (mesh.goldenPaths, mesh.slo,
                          mesh.rulesDocumentationUrl)
  --golden-path NAME      apply that preset's rule policy (rules.disabled,
                          rules.severities) as the portal does; needs --config
  --only CATEGORY         validation or compliance: only that category's rules
                          (input findings, MP00xx and MP01xx, always count)
  --rules-url URL         the rule catalogue page findings link to
                          (default: mesh.rulesDocumentationUrl from --config)

A comment "# meshpath:ignore CODE reason" in an object's document silences
that rule on that object: reported as suppressed, never counted.

explain: what rule CODE means, why it matters, its controls and how to fix it.

Exit code: 0 when there is no error-level finding, 1 when there is, 2 on a
usage error (or a --config that cannot be read).
`;

/**
 * Where the command writes; a parameter so tests can run it in process.
 *
 * @public
 */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  version: string;
  /** Read for the path `-`. */
  stdin?: AsyncIterable<Buffer | string>;
}

class UsageError extends Error {}

interface AnalyzeArguments {
  command: 'analyze';
  format: FormatName;
  rootNamespace?: string;
  configFiles: string[];
  goldenPath?: string;
  only?: RuleCategory;
  rulesUrl?: string;
  paths: string[];
}

type Arguments =
  | { command: 'help' }
  | { command: 'explain'; code: MeshRuleCode }
  | AnalyzeArguments;

function parseExplain(rest: string[]): Arguments {
  if (rest.length !== 1 || rest[0].startsWith('-'))
    throw new UsageError('explain takes one rule code, for example MP1101');
  const code = rest[0].toUpperCase();
  if (!isMeshRuleCode(code))
    throw new UsageError(
      `Unknown rule code ${rest[0]}: codes are listed in the rule catalogue (docs/rules.md)`,
    );
  return { command: 'explain', code };
}

function parseArguments(argv: string[]): Arguments {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'explain') return parseExplain(rest);
  if (command !== 'analyze')
    throw new UsageError(
      command ? `Unknown command ${command}` : 'No command given',
    );
  const args: AnalyzeArguments = {
    command: 'analyze',
    format: 'text',
    configFiles: [],
    paths: [],
  };
  let format = 'text';
  let only: string | undefined;
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsEnded || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (name === '--format' || name === '-f') format = value();
    else if (name === '--root-namespace') args.rootNamespace = value();
    else if (name === '--config') args.configFiles.push(value());
    else if (name === '--golden-path') args.goldenPath = value();
    else if (name === '--only') only = value();
    else if (name === '--rules-url') args.rulesUrl = value();
    else if (name === '--help' || name === '-h') return { command: 'help' };
    else if (arg === '--') optionsEnded = true;
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}`);
    else args.paths.push(arg);
  }
  if (!Object.hasOwn(formats, format))
    throw new UsageError(
      `Unknown format ${format}: use ${Object.keys(formats).join(', ')}`,
    );
  args.format = format as FormatName;
  if (only !== undefined && only !== 'validation' && only !== 'compliance')
    throw new UsageError(
      `Unknown category ${only}: use validation or compliance`,
    );
  args.only = only as RuleCategory | undefined;
  if (args.goldenPath !== undefined && args.configFiles.length === 0)
    throw new UsageError(
      '--golden-path needs --config, the app-config.yaml that defines mesh.goldenPaths',
    );
  if (args.paths.length === 0)
    throw new UsageError('Give at least one file or folder to analyse');
  return args;
}

/** Input findings say what was not analysed: without them a result looks complete when it is not. */
const isInputFinding = (code: string) => /^MP0[01]/.test(code);

async function analyze(
  args: AnalyzeArguments,
  output: CliOutput,
): Promise<number> {
  const config = await readCliConfig(
    args.configFiles,
    output.cwd,
    args.goldenPath,
  );
  const { stdin } = output;
  const paths = stdin
    ? await Promise.all(
        args.paths.map(async path =>
          (await namesStandardInput(path)) ? '-' : path,
        ),
      )
    : args.paths;
  const loaded = await loadManifests(paths, { stdin });
  const analyzer = await createAnalyzer();
  const { findings } = analyzer.analyze(loaded.objects, {
    rootNamespace: args.rootNamespace,
    reachability: config.reachability,
    telemetry: config.telemetry,
  });
  // The portal's order: findings without a policy, then the golden path's rule policy.
  let all = applyRulePolicy(
    [...loaded.findings, ...findings],
    config.goldenPath?.rules,
  );
  if (args.only)
    all = all.filter(
      f =>
        isInputFinding(f.code) ||
        (isMeshRuleCode(f.code) && meshRule(f.code).category === args.only),
    );
  const report: Report = {
    findings: suppressInline(all, loaded.suppressions),
    cwd: output.cwd,
    version: output.version,
    rulesUrl: args.rulesUrl ?? config.rulesDocumentationUrl,
  };
  output.out(formats[args.format](report));
  return report.findings.some(f => f.severity === 'error' && !f.suppression)
    ? 1
    : 0;
}

/**
 * Runs the command line; resolves to the process exit code. The package's
 * `./cli` entry point, which `bin/meshpath` runs once installed.
 *
 * @public
 */
export async function runCli(
  argv: string[],
  output: CliOutput,
): Promise<number> {
  try {
    const args = parseArguments(argv);
    if (args.command === 'help') {
      output.out(usage);
      return 0;
    }
    if (args.command === 'explain') {
      output.out(explainRule(args.code));
      return 0;
    }
    return await analyze(args, output);
  } catch (error) {
    if (error instanceof CliConfigError) {
      output.err(`meshpath: ${printable(error.message)}\n`);
      return 2;
    }
    if (!(error instanceof UsageError)) throw error;
    output.err(`meshpath: ${printable(error.message)}\n\n${usage}`);
    return 2;
  }
}
