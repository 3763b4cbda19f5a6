/*
 * A closed-loop HTTP load generator, run as a child process of the benchmark so
 * that sending requests and reading responses do not share the server's event loop.
 * It receives one LoadJob over IPC and answers with a LoadResult.
 */

export interface LoadJob {
  /** URLs to request, in order, by `clients` concurrent callers. */
  urls: string[];
  clients: number;
}

export interface LoadResult {
  /** Per-request latencies in milliseconds, sorted ascending. */
  latencies: number[];
  seconds: number;
  failures: number;
  meanBytes: number;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let bytes = 0;
  const client = async () => {
    while (next < job.urls.length) {
      const url = job.urls[next++];
      const t0 = performance.now();
      try {
        const res = await fetch(url);
        const body = await res.arrayBuffer();
        bytes += body.byteLength;
        if (!res.ok) failures++;
      } catch {
        failures++; // a refused or reset connection is a failed request, not the end of the run
      }
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    seconds,
    failures,
    meanBytes: Math.round(bytes / job.urls.length),
  };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    result => process.send!(result, () => process.exit(0)),
    error => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
});
