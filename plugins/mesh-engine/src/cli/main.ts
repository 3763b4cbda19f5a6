import { createAnalyzer } from '../analysis/analyzer';
import { loadManifests } from '../manifests/loadManifests';
import { formatJson, formatSarif, formatText } from './formats';
import { namesStandardInput } from './standardInput';

const usage = `Usage: meshpath analyze [--format text|json|sarif] [--root-namespace NAME] PATH...

Analyses Istio, Gateway API, Flagger and Kubernetes manifests as the whole mesh:
a reference to anything not given is reported as missing. PATH is a file, a
folder (read recursively, .yaml/.yml, following symbolic links), a FIFO such
as <(kustomize build), or - for standard input. Give -- before paths that
start with a dash. What cannot be read is reported as a finding (MP0003).

Exit code: 0 when there is no error-level finding, 1 when there is, 2 on a usage error.
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

function parseArguments(argv: string[]) {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return { help: true as const };
  if (command !== 'analyze')
    throw new UsageError(
      command ? `Unknown command ${command}` : 'No command given',
    );
  let format = 'text';
  let rootNamespace: string | undefined;
  const paths: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsEnded || arg === '-') {
      paths.push(arg);
      continue;
    }
    const value = () => {
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format' || arg === '-f') format = value();
    else if (arg.startsWith('--format='))
      format = arg.slice('--format='.length);
    else if (arg === '--root-namespace') rootNamespace = value();
    else if (arg === '--help' || arg === '-h') return { help: true as const };
    else if (arg === '--') optionsEnded = true;
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}`);
    else paths.push(arg);
  }
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`Unknown format ${format}: use text, json or sarif`);
  if (paths.length === 0)
    throw new UsageError('Give at least one file or folder to analyse');
  return { help: false as const, format, rootNamespace, paths };
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
  let args;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`meshpath: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (args.help) {
    output.out(usage);
    return 0;
  }
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
  });
  const all = [...loaded.findings, ...findings];
  if (args.format === 'json') output.out(formatJson(all));
  else if (args.format === 'sarif')
    output.out(formatSarif(all, output.cwd, output.version));
  else output.out(formatText(all, output.cwd));
  return all.some(f => f.severity === 'error') ? 1 : 0;
}
