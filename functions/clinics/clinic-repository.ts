import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicView, DepartmentView } from '../../shared/schemas/auth';
import { db, tableName } from '../lib/db';

export interface DepartmentRecord extends DepartmentView {
  /** Minutes a visit takes here before there is data of the day (used for waiting-time estimates). */
  defaultServiceMinutes: number;
}

export async function listClinics(): Promise<ClinicView[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k',
      ExpressionAttributeValues: { ':k': 'CLINICS' },
    }),
  );
  return (out.Items ?? []).map((i) => ({ id: i.id, name: i.name, city: i.city, address: i.address }));
}

export async function getClinic(id: string): Promise<ClinicView | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: `CLINIC#${id}`, sk: 'CLINIC' } }));
  const i = out.Item;
  return i ? { id: i.id, name: i.name, city: i.city, address: i.address } : undefined;
}

function toDepartment(i: Record<string, unknown>): DepartmentRecord {
  return {
    id: i.id as string,
    clinicId: i.clinicId as string,
    name: i.name as string,
    prefix: i.prefix as string,
    room: i.room as string | undefined,
    defaultServiceMinutes: Number(i.defaultServiceMinutes ?? 15),
  };
}

export async function listDepartments(clinicId: string): Promise<DepartmentRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k',
      ExpressionAttributeValues: { ':k': `DEPTS#${clinicId}` },
    }),
  );
  return (out.Items ?? []).map(toDepartment);
}

export async function getDepartment(id: string): Promise<DepartmentRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: `DEPT#${id}`, sk: 'DEPT' } }));
  return out.Item ? toDepartment(out.Item) : undefined;
}

/** Seeding: a clinic (idempotent). */
export async function putClinic(c: ClinicView): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: `CLINIC#${c.id}`,
        sk: 'CLINIC',
        type: 'clinic',
        clinicId: c.id,
        clinicKey: 'CLINICS',
        clinicSort: c.id,
        ...c,
      },
    }),
  );
}

export async function putDepartment(d: DepartmentRecord): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: `DEPT#${d.id}`,
        sk: 'DEPT',
        type: 'department',
        ...d,
        clinicKey: `DEPTS#${d.clinicId}`,
        clinicSort: `${d.prefix}#${d.id}`,
      },
    }),
  );
}
