import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { finding } from '../ruleFinding';
import { ParsedManifests, parseManifests } from './parseManifests';

const manifestExtensions = new Set(['.yaml', '.yml']);

/** The file name findings carry for documents read from standard input. @public */
export const STDIN_SOURCE = '<stdin>';

/** Where {@link loadManifests} reads the path `-` from. @public */
export interface LoadManifestsOptions {
  /** Read for the path `-`; without it, `-` is an ordinary file name. */
  stdin?: AsyncIterable<Buffer | string>;
}

const notRegular =
  'not a regular file (a FIFO or device is read only when given by name)';

interface Walk {
  result: ParsedManifests;
  /** Files and folders already read (device:inode), so links and repeated paths read each once. */
  seen: Set<string>;
}

/**
 * Reads YAML manifests from files and folders (recursively, `.yaml`/`.yml`),
 * in a stable order. Symbolic links in a folder are followed while they stay
 * inside the folder given (one leading out is reported, not read: manifests
 * come from pull requests); a path given by name is followed wherever it
 * leads. Each file and folder is read once, whichever path reaches it first,
 * which also ends link cycles.
 * A FIFO or device given by name is read as a stream; `-` reads `stdin`.
 * Whatever cannot be read (a missing path, a broken link, a folder without
 * permission, a socket) becomes a finding, and the rest is still read.
 * @public
 */
export async function loadManifests(
  paths: string[],
  options: LoadManifestsOptions = {},
): Promise<ParsedManifests> {
  const walk: Walk = {
    result: { objects: [], findings: [], suppressions: [] },
    seen: new Set(),
  };
  for (const path of paths) {
    if (path === '-' && options.stdin) await readStdin(options.stdin, walk);
    else await visitPath(path, walk);
  }
  return walk.result;
}

async function readStdin(
  stdin: AsyncIterable<Buffer | string>,
  walk: Walk,
): Promise<void> {
  if (walk.seen.has(STDIN_SOURCE)) return;
  walk.seen.add(STDIN_SOURCE);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  } catch (error) {
    cannotRead(STDIN_SOURCE, reason(error), walk);
    return;
  }
  addParsed(Buffer.concat(chunks).toString('utf8'), STDIN_SOURCE, walk);
}

/** A path given by name: anything that can be read is, streams included. */
async function visitPath(path: string, walk: Walk): Promise<void> {
  const info = await follow(path, walk);
  if (!info || alreadySeen(info, walk)) return;
  if (!info.isDirectory()) {
    await readManifest(path, walk);
    return;
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    cannotRead(path, reason(error), walk);
    return;
  }
  await visitFolder(path, walk, { given: path, real });
}

/** The folder given by name: links met inside it must stay inside it. */
interface Root {
  given: string;
  real: string;
}

async function visitFolder(
  path: string,
  walk: Walk,
  root: Root,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    cannotRead(path, reason(error), walk);
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = join(path, entry.name);
    const skippedFolder =
      entry.name === 'node_modules' || entry.name.startsWith('.');
    const manifestName = manifestExtensions.has(extname(entry.name));
    if (entry.isFile() ? !manifestName : skippedFolder && !manifestName)
      continue;
    if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink()) {
      if (!manifestName) continue;
      // Opening a FIFO met on the way would wait for a writer forever.
      cannotRead(child, notRegular, walk);
      continue;
    }
    // A link counts as what it points to; one that points nowhere is reported.
    const info = await follow(child, walk);
    if (!info) continue;
    if (info.isDirectory() ? skippedFolder : !manifestName) continue;
    // Manifests come from pull requests and templates: a link must not read the host's files.
    if (entry.isSymbolicLink() && !(await staysInside(child, root, walk)))
      continue;
    if (alreadySeen(info, walk)) continue;
    if (info.isDirectory()) await visitFolder(child, walk, root);
    else if (info.isFile()) await readManifest(child, walk);
    else cannotRead(child, notRegular, walk);
  }
}

async function staysInside(
  link: string,
  root: Root,
  walk: Walk,
): Promise<boolean> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (error) {
    cannotRead(link, reason(error), walk);
    return false;
  }
  const path = relative(root.real, target);
  if (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path))
    return true;
  cannotRead(link, `symbolic link leading outside ${root.given}`, walk);
  return false;
}

async function readManifest(file: string, walk: Walk): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    cannotRead(file, reason(error), walk);
    return;
  }
  addParsed(text, file, walk);
}

function addParsed(text: string, file: string, walk: Walk) {
  const parsed = parseManifests(text, file);
  walk.result.objects.push(...parsed.objects);
  walk.result.findings.push(...parsed.findings);
  walk.result.suppressions.push(...parsed.suppressions);
}

/** `stat` through links; on failure, a finding that says whether a link was at fault. */
async function follow(path: string, walk: Walk): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const link =
      code === 'ENOENT' &&
      (await lstat(path).then(
        info => info.isSymbolicLink(),
        () => false,
      ));
    cannotRead(
      path,
      link ? 'symbolic link to a missing target (ENOENT)' : reason(error),
      walk,
    );
    return undefined;
  }
}

function alreadySeen(info: Stats, walk: Walk): boolean {
  const key = `${info.dev}:${info.ino}`;
  if (walk.seen.has(key)) return true;
  walk.seen.add(key);
  return false;
}

const reasons: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'symbolic links form a loop',
  ENXIO: 'a socket or device that cannot be opened',
  EISDIR: 'a folder',
};

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return reasons[code] ? `${reasons[code]} (${code})` : code;
  return error instanceof Error ? error.message : String(error);
}

function cannotRead(path: string, why: string, walk: Walk) {
  walk.result.findings.push(
    finding('MP0003', `Cannot read ${path}: ${why}`, {
      source: { file: path, line: 1 },
    }),
  );
}
