import { describe, expect, it } from 'vitest';
import { type KeyNames, keyNamesOf, restorePlan } from '../../bench/harness/restore';
import type { RecordedRequest, SentCommand } from '../../bench/harness/round-trips';

// What the bench puts back before the bare store replays a load's commands: each item one request
// of the load wrote, as that request found it (a read in an earlier round trip), or nothing where it
// created the item. Commands as the recorder keeps them: on the wire, reads with their answers.
const T = 'main';
const names: KeyNames = { [T]: ['pk', 'sk'] };
const key = (id: string) => ({ pk: { S: id }, sk: { S: 'X' } });
const item = (id: string, version: number) => ({ ...key(id), version: { N: String(version) } });

const get = (id: string, found: Record<string, unknown> | null): SentCommand => ({
  command: 'GetItemCommand',
  input: { TableName: T, Key: key(id) },
  output: found ? { Item: found } : {},
});
const putOver = (id: string, seen: number, refused?: string): SentCommand => ({
  command: 'PutItemCommand',
  input: {
    TableName: T,
    Item: item(id, seen + 1),
    ConditionExpression: 'version = :seen',
    ExpressionAttributeValues: { ':seen': { N: String(seen) } },
  },
  ...(refused ? { refused } : {}),
});
const create = (id: string, condition = 'attribute_not_exists(pk)', aliases?: Record<string, string>): SentCommand => ({
  command: 'PutItemCommand',
  input: {
    TableName: T,
    Item: item(id, 1),
    ConditionExpression: condition,
    ...(aliases ? { ExpressionAttributeNames: aliases } : {}),
  },
});
/** A counter's ADD, under a condition (a slot's places) or none (a tally). */
const add = (id: string, condition?: string): SentCommand => ({
  command: 'UpdateItemCommand',
  input: {
    TableName: T,
    Key: key(id),
    UpdateExpression: 'ADD n :one',
    ExpressionAttributeValues: { ':one': { N: '1' } },
    ...(condition ? { ConditionExpression: condition } : {}),
  },
});
/** A write under a condition: its input, and as a transaction's part. */
const heldInput = (id: string) => ({ TableName: T, Key: key(id), ConditionExpression: 'attribute_exists(pk)' });
const held = (kind: 'Update' | 'Delete', id: string) => ({ [kind]: heldInput(id) });

describe('restorePlan', () => {
  it('puts back an item as the request read it before writing it over its version', () => {
    const request: RecordedRequest = [
      [get('task', item('task', 3)), get('staff', item('staff', 1))],
      [putOver('task', 3)],
    ];
    expect(restorePlan([request], names)).toEqual({
      items: [{ table: T, key: key('task'), item: item('task', 3) }],
      requests: 1,
      left: 0,
    });
  });

  it('takes away an item the request created (its partition key must not have existed), aliased or not', () => {
    const plain = restorePlan([[[create('a')]]], names);
    const aliased = restorePlan([[[create('b', 'attribute_not_exists(#p) AND x = :y', { '#p': 'pk' })]]], names);
    expect(plain.items).toEqual([{ table: T, key: key('a'), item: null }]);
    expect(aliased.items).toEqual([{ table: T, key: key('b'), item: null }]);
    // An idempotency record's condition allows an expired one too: absent, it allows the write again.
    const expired = restorePlan([[[create('d', 'attribute_not_exists(pk) OR expiresAt < :now')]]], names);
    expect(expired.items).toEqual([{ table: T, key: key('d'), item: null }]);
    // Not a creation: another attribute's absence, or the key's absence as a later alternative.
    const other = restorePlan([[[create('c', 'attribute_not_exists(sk)')]]], names);
    expect(other).toEqual({ items: [], requests: 0, left: 1 });
    expect(restorePlan([[[create('e', 'version = :v OR attribute_not_exists(pk)')]]], names).items).toEqual([]);
  });

  it('leaves whole a request with a held item several requests wrote, or one of unknown state before', () => {
    const counted = (n: number): RecordedRequest => [
      [get(`t${n}`, item(`t${n}`, 1))],
      [putOver(`t${n}`, 1), add('slot', 'n < :places')],
    ];
    // A read sent with the write of its key raced it: it says nothing of the state before.
    const raced: RecordedRequest = [[create('r2')], [get('r3', item('r3', 1)), putOver('r3', 1)]];
    const alone: RecordedRequest = [[get('t3', item('t3', 1))], [putOver('t3', 1)]];
    const plan = restorePlan([counted(1), counted(2), raced, alone], names);
    // None of the counted requests' items (a task put back without its slot would replay apart from it).
    expect(plan.items).toEqual([{ table: T, key: key('t3'), item: item('t3', 1) }]);
    expect(plan.requests).toBe(1);
    // t1, t2, the slot, r2 and r3.
    expect(plan.left).toBe(5);
  });

  it('leaves an item written with no condition as it is, and puts back the rest of its request', () => {
    // A tally every request adds to, and a fresh event item with no condition: their replay writes anyway.
    const tallied = (n: number): RecordedRequest => [
      [get(`t${n}`, item(`t${n}`, 1))],
      [
        putOver(`t${n}`, 1),
        add('tally'),
        { command: 'PutItemCommand', input: { TableName: T, Item: item(`e${n}`, 1) } },
      ],
    ];
    const plan = restorePlan([tallied(1), tallied(2)], names);
    expect(plan.items.map((b) => b.key)).toEqual([key('t1'), key('t2')]);
    expect(plan).toMatchObject({ requests: 2, left: 3 });
    // A request with no condition at all has nothing to put back.
    expect(restorePlan([[[add('tally')]]], names)).toEqual({ items: [], requests: 0, left: 1 });
  });

  it('leaves whole a request whose condition check rests on an item the load wrote', () => {
    const check = (id: string): SentCommand => ({
      command: 'TransactWriteItemsCommand',
      input: {
        TransactItems: [
          { Put: create('x').input },
          { ConditionCheck: { TableName: T, Key: key(id), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      },
    });
    expect(restorePlan([[[check('quiet')]]], names).requests).toBe(1);
    expect(restorePlan([[[check('busy')]], [[add('busy')]]], names).requests).toBe(0);
  });

  it('counts no refused write as written, and keeps the first state a request saw', () => {
    const refused: RecordedRequest = [[get('a', item('a', 2))], [putOver('a', 1, 'ConditionalCheckFailedException')]];
    expect(restorePlan([refused], names)).toEqual({ items: [], requests: 0, left: 0 });
    const twice: RecordedRequest = [
      [get('a', item('a', 2))],
      [putOver('a', 2)],
      [get('a', item('a', 3))],
      [putOver('a', 3)],
    ];
    expect(restorePlan([twice], names).items).toEqual([{ table: T, key: key('a'), item: item('a', 2) }]);
  });

  it("reads a transaction's writes and the answers of batch and transactional reads", () => {
    const batchGet: SentCommand = {
      command: 'BatchGetItemCommand',
      input: { RequestItems: { [T]: { Keys: [key('seen'), key('none'), key('later')] } } },
      output: { Responses: { [T]: [item('seen', 4)] }, UnprocessedKeys: { [T]: { Keys: [key('later')] } } },
    };
    const txGet: SentCommand = {
      command: 'TransactGetItemsCommand',
      input: { TransactItems: [{ Get: { TableName: T, Key: key('tg') } }, { Get: { TableName: T, Key: key('tg0') } }] },
      output: { Responses: [{ Item: item('tg', 7) }, {}] },
    };
    const tx: SentCommand = {
      command: 'TransactWriteItemsCommand',
      input: {
        TransactItems: [
          { Put: create('new').input },
          held('Update', 'seen'),
          held('Delete', 'none'),
          held('Update', 'tg'),
          { Put: { ...create('tg0').input, ConditionExpression: 'version = :v' } },
          { ConditionCheck: { TableName: T, Key: key('check'), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      },
    };
    const plan = restorePlan([[[batchGet, txGet], [tx]]], names);
    expect(plan.items).toEqual([
      { table: T, key: key('new'), item: null },
      { table: T, key: key('seen'), item: item('seen', 4) },
      { table: T, key: key('none'), item: null },
      { table: T, key: key('tg'), item: item('tg', 7) },
      { table: T, key: key('tg0'), item: null },
    ]);
    // 'later' was left unprocessed by the batch: what it held is unknown, and its request stays whole.
    const later: SentCommand = { command: 'UpdateItemCommand', input: heldInput('later') };
    expect(restorePlan([[[batchGet], [later]]], names)).toEqual({ items: [], requests: 0, left: 1 });
  });

  it("knows each table's key from the one table definition", () => {
    expect(keyNamesOf({ main: 'x-main', idempotency: 'x-idem' })).toEqual({ 'x-main': ['pk', 'sk'], 'x-idem': ['id'] });
  });
});
