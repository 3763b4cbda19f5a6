import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** What the fake GitLab received, for the test to check. @public */
export interface GitlabRecord {
  /** Every request it answered, as `METHOD /path?query`, in order. */
  requests: string[];
  /** The Authorization header of each answered request, in the same order. */
  authorizations: Array<string | undefined>;
  unexpected: string[];
}

/**
 * A local HTTP server that answers the GitLab REST calls Backstage's
 * GitlabUrlReader makes to read one project's tree (what `fetch:plain` does):
 * the project, for its default branch; the branch's latest commit, for the
 * etag; then the tar.gz archive of that branch (one `project-main-c0ffee0/`
 * top folder, which the reader strips, so `tarballOf` from fakeGithub fits). GitLab itself cannot be
 * reached from here; this stands in for it and records what it was sent.
 * @public
 */
export async function startFakeGitlab(
  namespace: string,
  project: string,
  options: { archive?: Buffer } = {},
) {
  const defaultBranch = 'main';
  const sha = 'c0ffee0';
  const record: GitlabRecord = {
    requests: [],
    authorizations: [],
    unexpected: [],
  };
  // The reader addresses the project by its URL-encoded path, as GitLab's API allows.
  const base = `/projects/${encodeURIComponent(`${namespace}/${project}`)}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const route = `${req.method} ${url.pathname}${url.search}`;
    const answered = () => {
      record.requests.push(route);
      record.authorizations.push(req.headers.authorization);
    };
    // Query strings are matched exactly: a reader asking for another ref or a
    // sub-path would get a different tree, and must show up as unexpected.
    const only = (expected: Record<string, string>) =>
      JSON.stringify(query) === JSON.stringify(expected);
    switch (`${req.method} ${url.pathname}`) {
      case `GET ${base}`:
        if (!only({})) break;
        answered();
        return send(200, {
          id: 42,
          path: project,
          path_with_namespace: `${namespace}/${project}`,
          default_branch: defaultBranch,
        });
      case `GET ${base}/repository/commits`:
        if (!only({ ref_name: defaultBranch })) break;
        answered();
        return send(200, [{ id: sha, short_id: sha.slice(0, 8) }]);
      case `GET ${base}/repository/archive`:
        if (!options.archive || !only({ sha: defaultBranch })) break;
        answered();
        res.writeHead(200, { 'content-type': 'application/x-gzip' });
        res.end(options.archive);
        return undefined;
      default:
        break;
    }
    record.unexpected.push(route);
    return send(404, { message: '404 Not Found' });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}`,
    record,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
