import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { attachRoundTripProbe } from '../../bench/harness/round-trips';
import { config } from '../../functions/lib/config';
import { db } from '../../functions/lib/db';
import { GetCommand, PutCommand } from '../../functions/lib/store-client';

// The probe the bench and the round-trip tests count with: commands sent together are one round
// trip, one after another are two; while recording, each command is kept as sent, with its units.
// Commands go as the repositories send them; the probe sees them as on the wire.
const plain = (id: string) => ({ pk: `PROBE#${id}`, sk: 'X' });
const key = (id: string) => ({ pk: { S: `PROBE#${id}` }, sk: { S: 'X' } });

describe('round-trip probe', () => {
  it('counts commands sent together as one round trip and records them as sent, with capacity', async () => {
    const probe = attachRoundTripProbe(db, 'testProbe');
    try {
      const t = config.TABLE_NAME;
      probe.record();
      probe.markRequest();
      await db.send(new PutCommand({ TableName: t, Item: { ...plain('a'), n: 1 } }));
      await Promise.all([
        db.send(new GetCommand({ TableName: t, Key: plain('a') })),
        db.send(new GetCommand({ TableName: t, Key: plain('b') })),
      ]);
      const recorded = probe.stopRecording();
      const counts = probe.take();
      expect(counts.roundTrips).toBe(2);
      expect(counts.commands).toEqual({ PutItemCommand: 1, GetItemCommand: 2 });
      expect(counts.itemsRead).toBe(1);
      expect(counts.writeUnits).toBeGreaterThan(0);
      expect(counts.readUnits).toBeGreaterThan(0);
      expect(recorded).toHaveLength(1);
      const [request] = recorded;
      expect(request?.map((wave) => wave.map((c) => c.command))).toEqual([
        ['PutItemCommand'],
        ['GetItemCommand', 'GetItemCommand'],
      ]);
      // As sent by the handler: the capacity question the probe added is not part of it.
      expect(request?.[1]?.[0]?.input).toEqual({ TableName: t, Key: key('a') });
      expect(probe.counts.roundTrips).toBe(0);
    } finally {
      probe.detach();
    }
  });

  it('records requests running at once each under its own request, by its own round trips, as sent', async () => {
    const request = new AsyncLocalStorage<number>();
    const probe = attachRoundTripProbe(db, 'testConcurrentProbe', () => request.getStore());
    try {
      const t = config.TABLE_NAME;
      // Request n: a put, then two gets together; requests 2 and 1 interleave, 1 starting second.
      const run = (n: number, pause: number) =>
        request.run(n, async () => {
          await new Promise((ok) => setTimeout(ok, pause));
          await db.send(new PutCommand({ TableName: t, Item: { ...plain(`c${n}`), n } }));
          await Promise.all([
            db.send(new GetCommand({ TableName: t, Key: plain(`c${n}`) })),
            db.send(new GetCommand({ TableName: t, Key: plain('absent') })),
          ]);
        });
      probe.recordRequests();
      // Outside any request: not kept.
      await db.send(new GetCommand({ TableName: t, Key: plain('outside') }));
      await Promise.all([run(2, 0), run(1, 5), run(3, 0)]);
      const recorded = probe.stopRecording();
      expect(recorded).toHaveLength(3);
      for (const [i, r] of recorded.entries()) {
        expect(r.map((wave) => wave.map((c) => c.command))).toEqual([
          ['PutItemCommand'],
          ['GetItemCommand', 'GetItemCommand'],
        ]);
        // In request order, each command as the handler sent it (no capacity question added).
        expect(r[0]?.[0]?.input).toEqual({ TableName: t, Item: { ...key(`c${i + 1}`), n: { N: String(i + 1) } } });
      }
      // A concurrent recording asks for no capacity (the load's commands go as the handlers send them).
      expect(probe.take().writeUnits).toBe(0);
    } finally {
      probe.detach();
    }
  });
});
