import { AppError, ConflictError } from '../../shared/errors';
import type { StaffRole } from '../../shared/roles';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { db, tableName } from '../lib/db';
import { getItem, partitionQuery, putIfAbsent, queryAll, queryFilteredPage } from '../lib/store';
import { UpdateCommand } from '../lib/store-client';
import { commit, type Write, write } from '../lib/transact';

export interface StaffRecord {
  id: string;
  clinicId: string;
  name: string;
  roles: StaffRole[];
  userId?: string;
  createdAt: string;
  /** Set when a manager deactivates the member: their token stops working on the next request. */
  deactivatedAt?: string;
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
    ...(i.deactivatedAt ? { deactivatedAt: i.deactivatedAt as string } : {}),
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

/** The WeChat openid of a signed-in user (subscribe messages are addressed to it). */
export async function openidOf(userId: string): Promise<string | undefined> {
  return (await getItem<{ openid?: string }>({ pk: `USER#${userId}`, sk: 'USER' }))?.openid;
}

export async function staffOfUser(userId: string): Promise<StaffRecord | undefined> {
  const binding = await getItem<{ staffId?: string }>(bindingKey(userId));
  const staffId = binding?.staffId;
  return staffId ? getStaff(staffId) : undefined;
}

export async function getStaff(id: string, consistent = false): Promise<StaffRecord | undefined> {
  const i = await getItem<Record<string, unknown>>(staffKey(id), consistent);
  return i ? toStaff(i) : undefined;
}

const staffOfClinic = (clinicId: string, onlyRole?: StaffRole) =>
  partitionQuery('byClinic', 'clinicKey', `STAFF#${clinicId}`, {
    ...(onlyRole
      ? {
          filter: {
            expression: 'contains(#roles, :role)',
            names: { '#roles': 'roles' },
            values: { ':role': onlyRole },
          },
        }
      : {}),
  });

/** Every staff member of a clinic, by name (a clinic has tens, not thousands). */
export async function listStaff(clinicId: string): Promise<StaffRecord[]> {
  return (await queryAll<Record<string, unknown>>(staffOfClinic(clinicId))).map(toStaff);
}

/** One page of a clinic's staff by name, optionally only those holding a role. */
export async function staffPage(
  clinicId: string,
  page: PageQuery,
  onlyRole?: StaffRole,
): Promise<ListResult<StaffRecord>> {
  const out = await queryFilteredPage<Record<string, unknown>>(staffOfClinic(clinicId, onlyRole), page);
  return { ...out, items: out.items.map(toStaff) };
}

/** Creates a staff record, optionally bound to a user at once (seeding and local demo logins). */
export async function insertStaff(s: StaffRecord): Promise<void> {
  const writes: Write[] = [
    write(
      { Put: { TableName: tableName, Item: staffItem(s), ConditionExpression: 'attribute_not_exists(pk)' } },
      () => new ConflictError('CONFLICT', '该员工已存在'),
    ),
  ];
  if (s.userId) writes.push(bindingWrite(s.userId, s.id, s.clinicId));
  await commit(writes);
}

/** A WeChat account bound to a staff record: at most one binding per account. */
function bindingWrite(userId: string, staffId: string, clinicId: string): Write {
  return write(
    {
      Put: {
        TableName: tableName,
        Item: { ...bindingKey(userId), type: 'staffBinding', staffId, clinicId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    () => new ConflictError('ALREADY_BOUND', '该微信账号已绑定员工身份'),
  );
}

/** Keeps an invite unless its code is held by another invite that has not expired yet. */
export async function insertInvite(invite: InviteRecord, nowSeconds: number): Promise<boolean> {
  // A code may be reused once the earlier invite has expired.
  return putIfAbsent({ ...inviteKey(invite.code), type: 'invite', ...invite }, { nowSeconds });
}

export async function getInvite(code: string): Promise<InviteRecord | undefined> {
  return getItem<InviteRecord>(inviteKey(code));
}

/**
 * Uses an invite: marks it used, binds the user and the staff record, all in one transaction, so
 * an invite binds exactly one account and only before it expires.
 */
export async function redeemInvite(invite: InviteRecord, userId: string, nowSeconds: number): Promise<void> {
  const at = new Date(nowSeconds * 1000).toISOString();
  const invalid = () => new AppError('INVITE_INVALID', '邀请码无效、已使用或已过期');
  await commit([
    write(
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
      invalid,
    ),
    bindingWrite(userId, invite.staffId, invite.clinicId),
    // The staff record decides in the same transaction: a deactivated member's invite died with them.
    write(
      {
        Update: {
          TableName: tableName,
          Key: staffKey(invite.staffId),
          UpdateExpression: 'SET userId = :u, boundAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(userId) AND attribute_not_exists(deactivatedAt)',
          ExpressionAttributeValues: { ':u': userId, ':at': at },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      (stored) =>
        !stored || stored.deactivatedAt ? invalid() : new ConflictError('ALREADY_BOUND', '该员工已绑定其他微信账号'),
    ),
  ]);
}

/** The staff record changed between reading and writing (its WeChat binding): read it again. */
export class StaffChangedError extends ConflictError {
  constructor() {
    super('CONFLICT', '员工信息已变化，请刷新后重试');
  }
}

/** The member was deactivated already (or between reading and writing). */
export const alreadyDeactivated = () => new ConflictError('STAFF_DEACTIVATED', '该员工已停用');

/**
 * Deactivates a member: the record keeps who they were (figures, history), their WeChat account's
 * binding goes (from then on it signs in as a patient, and may be bound again to a new record).
 * Twice is a STAFF_DEACTIVATED conflict, whatever the concurrency.
 */
export function deactivationWrites(s: StaffRecord, at: string): Write[] {
  const writes: Write[] = [
    write(
      {
        Update: {
          TableName: tableName,
          Key: staffKey(s.id),
          UpdateExpression: 'SET deactivatedAt = :at',
          // Bound as read: a binding made meanwhile would otherwise outlive the member.
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deactivatedAt) AND ${
            s.userId ? 'userId = :u' : 'attribute_not_exists(userId)'
          }`,
          ExpressionAttributeValues: { ':at': at, ...(s.userId ? { ':u': s.userId } : {}) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      (stored) => (!stored || stored.deactivatedAt ? alreadyDeactivated() : new StaffChangedError()),
    ),
  ];
  if (s.userId) {
    writes.push(
      write({
        Delete: {
          TableName: tableName,
          Key: bindingKey(s.userId),
          ConditionExpression: 'attribute_not_exists(pk) OR staffId = :s',
          ExpressionAttributeValues: { ':s': s.id },
        },
      }),
    );
  }
  return writes;
}

/** A write that holds only while the member is active (a new record or campaign they would own). */
export function activeStaffCheck(staffId: string, refusal: () => Error = alreadyDeactivated): Write {
  return write(
    {
      ConditionCheck: {
        TableName: tableName,
        Key: staffKey(staffId),
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deactivatedAt)',
      },
    },
    refusal,
  );
}
