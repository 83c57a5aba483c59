import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, ConflictError } from '../../shared/errors';
import type { StaffRole } from '../../shared/roles';
import { db, tableName } from '../lib/db';
import { transactWrite } from '../lib/transact';

export interface StaffRecord {
  id: string;
  clinicId: string;
  name: string;
  roles: StaffRole[];
  userId?: string;
  createdAt: string;
}

export interface InviteRecord {
  code: string;
  staffId: string;
  clinicId: string;
  /** Epoch seconds: also the TTL attribute. */
  expiresAt: number;
  usedAt?: string;
}

const staffKey = (id: string) => ({ pk: `STAFF#${id}`, sk: 'STAFF' });
const bindingKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'STAFF' });
const inviteKey = (code: string) => ({ pk: `INVITE#${code}`, sk: 'INVITE' });

function staffItem(s: StaffRecord) {
  return {
    ...staffKey(s.id),
    type: 'staff',
    ...s,
    clinicKey: `STAFF#${s.clinicId}`,
    clinicSort: `${s.name}#${s.id}`,
  };
}

function toStaff(i: Record<string, unknown>): StaffRecord {
  return {
    id: i.id as string,
    clinicId: i.clinicId as string,
    name: i.name as string,
    roles: i.roles as StaffRole[],
    userId: i.userId as string | undefined,
    createdAt: i.createdAt as string,
  };
}

/** Records a WeChat user the first time they sign in (one write, no read). */
export async function touchUser(userId: string, openid: string, at: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: `USER#${userId}`, sk: 'USER' },
      UpdateExpression:
        'SET #type = :t, openid = :o, clinicId = if_not_exists(clinicId, :c), createdAt = if_not_exists(createdAt, :at), lastLoginAt = :at',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':t': 'user', ':o': openid, ':c': '-', ':at': at },
    }),
  );
}

export async function staffOfUser(userId: string): Promise<StaffRecord | undefined> {
  const binding = await db.send(new GetCommand({ TableName: tableName, Key: bindingKey(userId) }));
  const staffId = binding.Item?.staffId as string | undefined;
  return staffId ? getStaff(staffId) : undefined;
}

export async function getStaff(id: string): Promise<StaffRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: staffKey(id) }));
  return out.Item ? toStaff(out.Item) : undefined;
}

export async function listStaff(clinicId: string): Promise<StaffRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k',
      ExpressionAttributeValues: { ':k': `STAFF#${clinicId}` },
    }),
  );
  return (out.Items ?? []).map(toStaff);
}

/** Creates a staff record, optionally bound to a user at once (seeding and local demo logins). */
export async function insertStaff(s: StaffRecord): Promise<void> {
  const items: Parameters<typeof transactWrite>[0] = [
    { Put: { TableName: tableName, Item: staffItem(s), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  if (s.userId) {
    items.push({
      Put: {
        TableName: tableName,
        Item: { ...bindingKey(s.userId), type: 'staffBinding', staffId: s.id, clinicId: s.clinicId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  await transactWrite(items, ({ index }) =>
    index === 0
      ? new ConflictError('CONFLICT', 'staff exists')
      : new ConflictError('ALREADY_BOUND', '该微信账号已绑定员工身份'),
  );
}

export async function insertInvite(invite: InviteRecord): Promise<boolean> {
  try {
    await transactWrite(
      [
        {
          Put: {
            TableName: tableName,
            Item: { ...inviteKey(invite.code), type: 'invite', ...invite },
            // A code may be reused once the earlier invite has expired.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
          },
        },
      ],
      () => new ConflictError('CONFLICT', 'code taken'),
    );
    return true;
  } catch (e) {
    if (e instanceof ConflictError) return false;
    throw e;
  }
}

export async function getInvite(code: string): Promise<InviteRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: inviteKey(code) }));
  return out.Item as InviteRecord | undefined;
}

/**
 * Uses an invite: marks it used, binds the user and the staff record, all in one transaction, so
 * an invite binds exactly one account and only before it expires.
 */
export async function redeemInvite(invite: InviteRecord, userId: string, nowSeconds: number): Promise<void> {
  const at = new Date(nowSeconds * 1000).toISOString();
  await transactWrite(
    [
      {
        Update: {
          TableName: tableName,
          Key: inviteKey(invite.code),
          UpdateExpression: 'SET usedAt = :at, usedBy = :u',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now AND staffId = :s',
          ExpressionAttributeValues: { ':at': at, ':u': userId, ':now': nowSeconds, ':s': invite.staffId },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...bindingKey(userId), type: 'staffBinding', staffId: invite.staffId, clinicId: invite.clinicId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: staffKey(invite.staffId),
          UpdateExpression: 'SET userId = :u, boundAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(userId)',
          ExpressionAttributeValues: { ':u': userId, ':at': at },
        },
      },
    ],
    ({ index }) => {
      if (index === 0) return new AppError('INVITE_INVALID', '邀请码无效、已使用或已过期');
      if (index === 1) return new ConflictError('ALREADY_BOUND', '该微信账号已绑定员工身份');
      return new ConflictError('ALREADY_BOUND', '该员工已绑定其他微信账号');
    },
  );
}
