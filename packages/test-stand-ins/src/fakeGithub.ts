import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';

/** What the fake GitHub received, for the test to check. @public */
export interface GithubRecord {
  blobs: Map<string, string>;
  trees: Array<{
    base_tree?: string;
    tree: Array<{
      path: string;
      mode: string;
      type: string;
      sha?: string | null;
      content?: string;
    }>;
  }>;
  commits: Array<{ message: string; tree: string; parents: string[] }>;
  refs: Array<{ ref: string; sha: string }>;
  pulls: Array<{ title: string; body: string; head: string; base: string }>;
  unexpected: string[];
}

const body = (req: IncomingMessage): Promise<any> =>
  new Promise((resolve, reject) => {
    let data = '';
    req.on('data', chunk => (data += chunk));
    req.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch (error) {
        reject(error);
      }
    });
  });

/**
 * A local HTTP server that answers the GitHub REST and GraphQL calls
 * `publish:github:pull-request` makes (through octokit-plugin-create-pull-request)
 * for one repository. GitHub itself cannot be reached from here; this stands in
 * for it and records what it was sent.
 * @public
 */
export async function startFakeGithub(
  owner: string,
  repo: string,
  options: { tarball?: Buffer } = {},
) {
  const record: GithubRecord = {
    blobs: new Map(),
    trees: [],
    commits: [],
    refs: [],
    pulls: [],
    unexpected: [],
  };
  const base = `/repos/${owner}/${repo}`;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const route = `${req.method} ${url.pathname}`;
    const input =
      req.method === 'GET' || req.method === 'HEAD' ? {} : await body(req);
    switch (route) {
      case `GET ${base}`:
        return send(200, {
          name: repo,
          full_name: `${owner}/${repo}`,
          default_branch: 'main',
          permissions: { admin: false, push: true, pull: true },
        });
      case `GET ${base}/commits/main/status`:
        // The URL reader asks for the commit of the default branch, then its tarball.
        return send(200, {
          sha: 'c0ffee0',
          repository: {
            archive_url: `http://${req.headers.host}${base}/{archive_format}{/ref}`,
            trees_url: `http://${req.headers.host}${base}/git/trees{/sha}`,
          },
        });
      case `GET ${base}/tarball/c0ffee0`:
        if (!options.tarball) break;
        res.writeHead(200, { 'content-type': 'application/x-gzip' });
        res.end(options.tarball);
        return undefined;
      case `GET ${base}/commits`:
        return send(200, [
          { sha: 'c0ffee0', commit: { tree: { sha: 'base-tree' } } },
        ]);
      case `POST ${base}/git/blobs`: {
        const sha = `blob-${record.blobs.size + 1}`;
        record.blobs.set(
          sha,
          Buffer.from(
            input.content,
            input.encoding === 'base64' ? 'base64' : 'utf8',
          ).toString('utf8'),
        );
        return send(201, { sha });
      }
      case `POST ${base}/git/trees`:
        record.trees.push(input);
        return send(201, { sha: `tree-${record.trees.length}` });
      case `POST ${base}/git/commits`:
        record.commits.push(input);
        return send(201, { sha: `commit-${record.commits.length}` });
      case 'POST /graphql':
        return send(200, { data: { repository: { ref: null } } });
      case `POST ${base}/git/refs`:
        record.refs.push(input);
        return send(201, { ref: input.ref, object: { sha: input.sha } });
      case `POST ${base}/pulls`:
        record.pulls.push(input);
        return send(201, {
          number: 7,
          html_url: `https://github.com/${owner}/${repo}/pull/7`,
          base: { ref: input.base },
        });
      default:
        break;
    }
    record.unexpected.push(route);
    return send(404, { message: 'Not Found' });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}`,
    record,
    /** The committed files, by path, as the last tree wrote them. */
    committedFiles(): Record<string, string> {
      const tree = record.trees[record.trees.length - 1]?.tree ?? [];
      return Object.fromEntries(
        tree
          .filter(entry => entry.sha)
          .map(entry => [entry.path, record.blobs.get(entry.sha!) ?? '']),
      );
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** A GitHub-style tarball of a folder: everything under one `owner-repo-sha/` directory. @public */
export async function tarballOf(dir: string, prefix: string): Promise<Buffer> {
  const staging = mkdtempSync(join(tmpdir(), 'meshpath-tarball-'));
  cpSync(dir, join(staging, prefix), { recursive: true });
  const file = join(staging, 'archive.tar.gz');
  await create({ gzip: true, cwd: staging, file }, [prefix]);
  return readFileSync(file);
}
