import { attachRoundTripProbe } from '../../bench/harness/round-trips';
import { db } from '../../functions/lib/db';

/**
 * Counts the DynamoDB commands this process sends (by command name: QueryCommand, GetCommand …) and
 * the store round trips they took in sequence (commands sent together share one) while `during`
 * runs, as the bench does: the local API runs in the test's process, so a request's reads are
 * counted too. Run nothing else against the store meanwhile, and one request at a time.
 */
export async function countStoreCommands<T>(
  during: () => Promise<T>,
): Promise<{ result: T; commands: Record<string, number>; roundTrips: number }> {
  const probe = attachRoundTripProbe(db, `testRoundTrips${Math.random().toString(36).slice(2)}`);
  try {
    const result = await during();
    return { result, commands: probe.counts.commands, roundTrips: probe.counts.roundTrips };
  } finally {
    probe.detach();
  }
}
