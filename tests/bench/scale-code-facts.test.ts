import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../bench/harness/config';
import { CODE } from '../../bench/report/scale-model';

const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');
/** The first group of `pattern` in a file, as a number (digit separators allowed). */
const first = (file: string, pattern: RegExp) => Number(source(file).match(pattern)?.[1]?.replace(/_/g, ''));

describe("the scale plan's facts about the code", () => {
  it('match the code they were read from', () => {
    expect(first('miniprogram/src/pages/ticket/index.tsx', /const POLL_MS = (\d+);/) / 1000).toBe(
      CODE.ticketPollSeconds,
    );
    expect(first('miniprogram/src/display/index.tsx', /usePolling\([\s\S]*?\}, (\d+)\);/) / 1000).toBe(
      CODE.boardPollSeconds,
    );
    expect(first('infra/constructs/app-function.ts', /memorySize: (\d+)/)).toBe(CODE.lambdaMemoryMB);
    expect(first('infra/stack.ts', /DEFAULT_API_THROTTLE = \{ burstLimit: (\d+)/)).toBe(CODE.apiBurstLimit);
    expect(first('infra/stack.ts', /DEFAULT_API_THROTTLE = \{ burstLimit: \d+, rateLimit: (\d+)/)).toBe(
      CODE.apiRateLimit,
    );
    expect(first('functions/messaging/outbox-repository.ts', /export const DUE_SHARDS = (\d+);/)).toBe(CODE.dueShards);
    expect(first('functions/messaging/sender-service.ts', /dueMessages\(now, (\d+)\)/)).toBe(CODE.duePerShardPerRun);
    expect(first('functions/scheduled/outbox-sender.ts', /const TAKING_MS = ([\d_]+);/) / 1000).toBe(
      CODE.senderTakingSeconds,
    );
    expect(first('functions/messaging/sender-service.ts', /export const MAX_ATTEMPTS = (\d+);/)).toBe(CODE.sendTries);
    expect(first('functions/stats/counter-repository.ts', /export const SHARDS = (\d+);/)).toBe(CODE.counterShards);
  });

  it('count the indexes an outbox item is in, all projecting every attribute', () => {
    const repo = source('functions/messaging/outbox-repository.ts');
    const queued = repo.slice(repo.indexOf('function queuedItem'), repo.indexOf('export async function queueMessage'));
    const indexKeys = ['outboxShard:', 'clinicKey:', '...clinicDayIndex(', '...timelineIndex('];
    expect(indexKeys.filter((k) => queued.includes(k))).toHaveLength(CODE.outboxIndexes);
    // The stack's indexes take CDK's default projection (ALL), as the local tables do.
    expect(source('infra/stack.ts')).not.toMatch(/projectionType/);
    expect(source('scripts/local/tables.ts')).toMatch(/ProjectionType: 'ALL'/);
  });
});
