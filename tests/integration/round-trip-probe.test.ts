import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { attachRoundTripProbe } from '../../bench/harness/round-trips';
import { config } from '../../functions/lib/config';
import { dynamoClient } from '../../functions/lib/db';

// The probe the bench and the round-trip tests count with: commands sent together are one round
// trip, one after another are two; while recording, each command is kept as sent, with its units.
const key = (id: string) => ({ pk: { S: `PROBE#${id}` }, sk: { S: 'X' } });

describe('round-trip probe', () => {
  it('counts commands sent together as one round trip and records them as sent, with capacity', async () => {
    const probe = attachRoundTripProbe(dynamoClient, 'testProbe');
    try {
      const t = config.TABLE_NAME;
      probe.record();
      probe.markRequest();
      await dynamoClient.send(new PutItemCommand({ TableName: t, Item: { ...key('a'), n: { N: '1' } } }));
      await Promise.all([
        dynamoClient.send(new GetItemCommand({ TableName: t, Key: key('a') })),
        dynamoClient.send(new GetItemCommand({ TableName: t, Key: key('b') })),
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
});
