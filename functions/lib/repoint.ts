import { tableName } from './db';
import { type Write, write } from './transact';

/** The item was moved already (a merge retried, or two at once): nothing is left to do for it. */
export class AlreadyMovedError extends Error {
  constructor() {
    super('already moved');
  }
}

/**
 * An item of one patient handed to another (a merge, issue 10): its patientId and the index
 * attributes given are set, only while it still names the first patient, so a retry is harmless.
 */
export function repointWrite(
  key: { pk: string; sk: string },
  fromId: string,
  toId: string,
  set: Record<string, unknown> = {},
): Write {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':from': fromId, ':to': toId };
  const sets = ['patientId = :to'];
  Object.entries(set).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  return write(
    {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'patientId = :from',
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    },
    () => new AlreadyMovedError(),
  );
}
