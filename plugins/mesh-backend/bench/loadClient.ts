/*
 * A closed-loop HTTP load generator, run as a child process of the benchmark so
 * that sending requests and reading responses do not share the server's event loop.
 * It receives one LoadJob over IPC and answers with a LoadResult.
 *
 * A request's latency runs from sending it to the last byte of its response, as
 * the server sent it. Decoding (gunzip) and parsing happen after the run: this
 * one process stands for 100 independent callers, and decompressing on its single
 * event loop while the others' responses wait would charge one caller's work to
 * every request in flight (each caller, a browser, decodes on its own).
 */
import { Agent, get } from 'http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'zlib';

export interface LoadJob {
  /** URLs to request, in order, by `clients` concurrent callers. */
  urls: string[];
  clients: number;
}

export interface LoadResult {
  /** Per-request latencies in milliseconds, sorted ascending. */
  latencies: number[];
  seconds: number;
  /** Refused or reset connections, non-2xx answers, and bodies that do not decode to JSON. */
  failures: number;
  /** Mean size of a response once decoded. */
  meanBytes: number;
  /** Mean size of a response as sent (compressed when the server compressed it). */
  meanWireBytes: number;
  /** Mean time to decode and parse one body, after the run: the callers' own work, shown, not timed in. */
  meanDecodeMs: number;
}

interface Response {
  status: number;
  encoding?: string;
  body: Buffer;
}

/** What a browser sends; the server chooses. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

function request(url: string, agent: Agent): Promise<Response> {
  return new Promise((resolve, reject) => {
    get(
      url,
      { agent, headers: { 'accept-encoding': ACCEPT_ENCODING } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            encoding: res.headers['content-encoding'],
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    ).on('error', reject);
  });
}

/** The decoded JSON's size, or undefined when the body is not what it claims. */
function decodedSize({ encoding, body }: Response): number | undefined {
  try {
    const decoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: gunzipSync,
      deflate: inflateSync,
      br: brotliDecompressSync,
    };
    const decoded = encoding ? decoders[encoding]?.(body) : body;
    if (!decoded) return undefined;
    JSON.parse(decoded.toString('utf8'));
    return decoded.byteLength;
  } catch {
    return undefined;
  }
}

async function run(job: LoadJob): Promise<LoadResult> {
  // One kept-alive connection per caller, as fetch's pool would hold.
  const agent = new Agent({ keepAlive: true, maxSockets: job.clients });
  const latencies: number[] = [];
  const responses: Response[] = [];
  let next = 0;
  let failures = 0;
  const client = async () => {
    while (next < job.urls.length) {
      const url = job.urls[next++];
      const t0 = performance.now();
      try {
        responses.push(await request(url, agent));
      } catch {
        failures++; // a refused or reset connection is a failed request, not the end of the run
      }
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  let bytes = 0;
  let wireBytes = 0;
  const decodeStarted = performance.now();
  for (const response of responses) {
    const size = decodedSize(response);
    if (response.status < 200 || response.status >= 300 || size === undefined)
      failures++;
    bytes += size ?? 0;
    wireBytes += response.body.byteLength;
  }
  const decodeMs = performance.now() - decodeStarted;
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    seconds,
    failures,
    meanBytes: Math.round(bytes / job.urls.length),
    meanWireBytes: Math.round(wireBytes / job.urls.length),
    meanDecodeMs: decodeMs / Math.max(1, responses.length),
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
