/**
 * The scaffolder's `repoUrl` (`host?owner=…&repo=…`) and provider of a
 * service's source location (`backstage.io/source-location`), for the
 * publish step; undefined for anything but a GitHub or GitLab HTTPS URL.
 */
export function repositoryOf(
  sourceLocation: string,
):
  | { repoUrl: string; provider: 'github' | 'gitlab'; branch?: string }
  | undefined {
  let url: URL;
  try {
    url = new URL(sourceLocation.replace(/^url:/, ''));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password)
    return undefined;
  const parts = url.pathname.split('/').filter(Boolean);
  const gitlab = url.hostname.includes('gitlab');
  const github = url.hostname.includes('github');
  if (!gitlab && !github) return undefined;
  // GitLab: group/subgroup/project/-/tree/branch; GitHub: owner/repo/tree/branch.
  const marker = gitlab ? parts.indexOf('-') : 2;
  const project = marker >= 0 ? parts.slice(0, marker) : parts;
  if (project.length < 2) return undefined;
  const rest = marker >= 0 ? parts.slice(marker + (gitlab ? 1 : 0)) : [];
  const branch = rest[0] === 'tree' || rest[0] === 'blob' ? rest[1] : undefined;
  const repo = project[project.length - 1].replace(/\.git$/, '');
  const owner = project.slice(0, -1).join('/');
  const safe = /^[A-Za-z0-9_.\-/]+$/;
  if (!safe.test(owner) || !safe.test(repo)) return undefined;
  return {
    repoUrl: `${url.host}?owner=${encodeURIComponent(
      owner,
    )}&repo=${encodeURIComponent(repo)}`,
    provider: gitlab ? 'gitlab' : 'github',
    ...(branch ? { branch } : {}),
  };
}
