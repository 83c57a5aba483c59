import { localClient } from '../../scripts/local/dynamo';
import { ensureTables, tableNames } from '../../scripts/local/tables';

/**
 * Tables of one test file's own, for tests whose work reaches the whole store (a group-wide job
 * pause, a holiday run greeting every patient): call it at the top of the file, before importing
 * anything of functions/ (import those with `await import(...)` after it), since the functions read
 * their table names once, when first loaded.
 */
export async function ownTables(tag: string): Promise<void> {
  const names = tableNames(`test-${tag}-${process.pid}`);
  Object.assign(process.env, { TABLE_NAME: names.main, IDEMPOTENCY_TABLE_NAME: names.idempotency });
  const client = localClient(process.env.DYNAMO_ENDPOINT!);
  try {
    await ensureTables(client, names);
  } finally {
    client.destroy();
  }
}
