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
