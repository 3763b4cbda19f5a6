/** One series of an instant-query result. */
export interface PrometheusSample {
  labels: Record<string, string>;
  /** The value as Prometheus sent it; NaN and ±Inf stay as they are. */
  value: number;
}

/** Runs PromQL instant queries against the Prometheus HTTP API. */
export class PrometheusClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      /** Per-query timeout in milliseconds. */
      timeoutMs?: number;
      headers?: Record<string, string>;
    },
  ) {}

  /**
   * Prometheus' storage retention as it reports it (`storageRetention` of
   * /api/v1/status/runtimeinfo, for example `15d` or `30d or 50GiB`), else
   * the `storage.tsdb.retention.time` flag; throws when neither can be read.
   */
  async retention(): Promise<string> {
    const runtime = await this.getJson('/api/v1/status/runtimeinfo').catch(
      (error: Error) => error,
    );
    const reported =
      runtime instanceof Error ? undefined : runtime?.data?.storageRetention;
    if (typeof reported === 'string' && reported.trim()) return reported;
    const flags = await this.getJson('/api/v1/status/flags');
    const time = flags?.data?.['storage.tsdb.retention.time'];
    if (typeof time === 'string' && time.trim()) return time;
    throw new Error(
      `Prometheus at ${this.options.baseUrl} reports no storage retention${
        runtime instanceof Error ? ` (${runtime.message})` : ''
      }`,
    );
  }

  private async getJson(path: string): Promise<any> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: this.options.headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new Error(
        `Prometheus at ${this.options.baseUrl} is unreachable: ${
          (error as Error).cause ?? (error as Error).message
        }`,
      );
    }
    if (!response.ok) {
      throw new Error(`Prometheus answered ${response.status} for ${path}`);
    }
    try {
      return await response.json();
    } catch {
      throw new Error(
        `Prometheus answered ${path} with a body that is not JSON`,
      );
    }
  }

  /** Runs one instant query; throws with a readable message on any failure. */
  async query(promql: string, time?: Date): Promise<PrometheusSample[]> {
    const body = new URLSearchParams({ query: promql });
    if (time) body.set('time', String(time.getTime() / 1000));
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/api/v1/query`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...this.options.headers,
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new Error(
        `Prometheus at ${this.options.baseUrl} is unreachable: ${
          (error as Error).cause ?? (error as Error).message
        }`,
      );
    }
    const text = await response.text();
    let payload: any;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new Error(
        `Prometheus answered ${response.status} with a body that is not JSON`,
      );
    }
    if (!response.ok || payload.status !== 'success') {
      throw new Error(
        `Prometheus query failed (${response.status}): ${
          payload.error ?? 'unknown error'
        }`,
      );
    }
    if (payload.data?.resultType !== 'vector') {
      throw new Error(
        `Prometheus returned ${payload.data?.resultType} where a vector was expected`,
      );
    }
    return payload.data.result.map((r: any) => ({
      labels: r.metric ?? {},
      value: Number(r.value[1]),
    }));
  }
}
