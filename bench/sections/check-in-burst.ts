/**
 * 1,000 check-ins sent at once on one queue (issue 12): the numbers drawn must be distinct and
 * contiguous, with 0 errors and the p99 under API Gateway's 29 s. Run by the paths section.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { round } from '../harness/config';
import { type Api, postJson, unexpected } from '../harness/http';
import { percentile } from '../harness/load';

export const BURST = 1000;
/** API Gateway's integration time limit: a check-in answered later is an error to the patient. */
const API_LIMIT_MS = 29_000;

/** 1,000 check-ins sent at once on one queue: the numbers drawn and the answers' latencies. */
export async function burst(api: Api, desk: string, appointments: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: appointments.length });
  const burstApi: Api = { ...api, agent };
  const t0 = performance.now();
  try {
    const answers = await Promise.all(
      appointments.map(async (id) => {
        const t = performance.now();
        try {
          const res = await postJson(burstApi, `/v1/appointments/${id}/check-in`, {}, desk, { timeoutMs: 60_000 });
          const ms = performance.now() - t;
          return { failure: unexpected(res, 201), ms, number: res.status === 201 ? JSON.parse(res.text).number : null };
        } catch (err) {
          return { failure: `error ${(err as Error).message.slice(0, 60)}`, ms: performance.now() - t, number: null };
        }
      }),
    );
    const elapsedMs = performance.now() - t0;
    const numbers = answers
      .flatMap((a) => (typeof a.number === 'number' ? [a.number as number] : []))
      .sort((a, b) => a - b);
    const distinct = new Set(numbers).size;
    const contiguous = numbers.length > 0 && numbers.every((n, i) => n === (numbers[0] as number) + i);
    const failures: Record<string, number> = {};
    for (const a of answers) if (a.failure) failures[a.failure] = (failures[a.failure] ?? 0) + 1;
    const errors = answers.filter((a) => a.failure).length;
    const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
    const p99Ms = round(percentile(ms, 99), 0);
    return {
      checkIns: appointments.length,
      sentAtOnce: 'every request started together, one keep-alive connection each',
      distinct,
      contiguous,
      first: numbers[0] ?? null,
      last: numbers.at(-1) ?? null,
      errors,
      failures,
      p50Ms: round(percentile(ms, 50), 0),
      p99Ms,
      maxMs: round(ms.at(-1) ?? Number.NaN, 0),
      elapsedMs: round(elapsedMs, 0),
      limitMs: API_LIMIT_MS,
      met:
        appointments.length >= BURST &&
        distinct === appointments.length &&
        contiguous &&
        errors === 0 &&
        p99Ms < API_LIMIT_MS,
    };
  } finally {
    agent.destroy();
  }
}
