import { dynamoClient } from '../../functions/lib/db';

/**
 * Counts the DynamoDB commands this process sends (by command name: QueryCommand, GetCommand …)
 * while `during` runs, as the bench does: the local API runs in the test's process, so a request's
 * reads are counted too. Run nothing else against the store meanwhile.
 */
export async function countStoreCommands<T>(
  during: () => Promise<T>,
): Promise<{ result: T; commands: Record<string, number> }> {
  const commands: Record<string, number> = {};
  const name = `testCountCommands${Math.random().toString(36).slice(2)}`;
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      commands[command] = (commands[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  try {
    return { result: await during(), commands };
  } finally {
    dynamoClient.middlewareStack.remove(name);
  }
}
