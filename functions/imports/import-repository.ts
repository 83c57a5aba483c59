import { ConflictError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { ImportCounts, ImportProgress, ImportRowStatus, ImportStatus } from '../../shared/schemas/imports';
import { batchPut } from '../lib/batch';
import { db, tableName } from '../lib/db';
import { fromItem, getItem, partitionQuery, putItem, queryPage, updateIf } from '../lib/store';
import { BatchGetCommand } from '../lib/store-client';
import { commit, type TxItem, write } from '../lib/transact';
import { newAuditItem } from '../patients/audit-repository';
import { type PhoneOwner, phoneKey } from '../patients/patient-repository';
import { AUDIT_PARTITION_PREFIX } from '../table-def';
import type { Mapping } from './mapping';

/** One import as stored: the file's shape, how it is read, what the preview found and how far the run is. */
export interface ImportRecord {
  id: string;
  clinicId: string;
  fileName: string;
  createdBy: string;
  createdByName?: string;
  createdAt: string;
  status: ImportStatus;
  headers: string[];
  mapping: Mapping;
  counts: ImportCounts;
  progress: ImportProgress;
  /** Index of the first data row of each chunk (rows are stored in chunks under the item size limit). */
  chunkStarts: number[];
  /** Rows before this index have their outcome stored. */
  cursor: number;
  version: number;
  leaseOwner?: string;
  /** Epoch milliseconds until which the lease holder alone may run. */
  leaseUntil?: number;
  finishedAt?: string;
}

/** A row's verdict from the preview: shown in the list, and what the run starts from. */
export interface CheckCell {
  row: number;
  name: string;
  maskedPhone: string;
  status: ImportRowStatus;
  reason?: string;
}

/** A processed row's outcome. */
export interface Outcome {
  status: ImportRowStatus;
  reason?: string;
  patientId?: string;
}

const pk = (id: string) => `IMPORT#${id}`;
const importKey = (id: string) => ({ pk: pk(id), sk: 'IMPORT' });
const chunkKey = (id: string, kind: 'RAW' | 'CHECK' | 'OUT', n: number) => ({
  pk: pk(id),
  sk: `${kind}#${String(n).padStart(5, '0')}`,
});
/** A clinic's imports, newest first (the byClinic index). */
const clinicImports = (clinicId: string) => `IMPORTS#${clinicId}`;
/** The clinic's import trail: one audit event per finished import (who, which file, what came of it). */
const importAuditPk = (clinicId: string) => `${AUDIT_PARTITION_PREFIX}IMPORT#${clinicId}`;

function stored(r: ImportRecord) {
  return {
    ...importKey(r.id),
    type: 'patientImport',
    ...r,
    clinicKey: clinicImports(r.clinicId),
    clinicSort: `${r.createdAt}#${r.id}`,
  };
}

export async function getImport(id: string): Promise<ImportRecord | undefined> {
  return getItem<ImportRecord>(importKey(id), true);
}

/** The rows and their preview verdicts, chunk by chunk; the import item last, so it only exists whole. */
export async function saveNewImport(r: ImportRecord, raw: string[][][], rowNumbers: number[][], checks: CheckCell[][]) {
  await batchPut([
    ...raw.map((cells, n) => ({ ...chunkKey(r.id, 'RAW', n), type: 'importRows', cells, rows: rowNumbers[n] })),
    ...checks.map((items, n) => ({ ...chunkKey(r.id, 'CHECK', n), type: 'importChecks', items })),
  ]);
  await putItem(stored(r));
}

/** A new mapping's verdicts; refused once the run has started (or the import changed meanwhile). */
export async function savePreview(before: ImportRecord, next: ImportRecord, checks: CheckCell[][]) {
  await batchPut(checks.map((items, n) => ({ ...chunkKey(before.id, 'CHECK', n), type: 'importChecks', items })));
  await commit([
    write(
      {
        Put: {
          TableName: tableName,
          Item: stored({ ...next, version: before.version + 1 }),
          ConditionExpression: '#s = :previewed AND version = :v',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':previewed': 'previewed', ':v': before.version },
        },
      },
      () => new ConflictError('CONFLICT', '导入已开始或已被修改，请刷新后重试'),
    ),
  ]);
}

export async function rawChunk(id: string, n: number): Promise<{ cells: string[][]; rows: number[] }> {
  const item = await getItem<{ cells: string[][]; rows: number[] }>(chunkKey(id, 'RAW', n), true);
  return item ?? { cells: [], rows: [] };
}

export async function checkChunk(id: string, n: number): Promise<CheckCell[]> {
  return (await getItem<{ items: CheckCell[] }>(chunkKey(id, 'CHECK', n), true))?.items ?? [];
}

export async function outcomeChunk(id: string, n: number): Promise<Outcome[]> {
  return (await getItem<{ items: Outcome[] }>(chunkKey(id, 'OUT', n), true))?.items ?? [];
}

/**
 * Takes the run's lease: the first run (previewed → running) or a later one when no lease is held or
 * it has lapsed. False when another run holds it: two runs never work at once.
 */
export async function takeLease(id: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
  return updateIf({
    Key: importKey(id),
    UpdateExpression: 'SET #s = :running, leaseOwner = :me, leaseUntil = :until',
    ConditionExpression:
      '#s = :previewed OR (#s = :running AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now))',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: {
      ':running': 'running',
      ':previewed': 'previewed',
      ':me': owner,
      ':until': nowMs + leaseMs,
      ':now': nowMs,
    },
  });
}

/** Lets the next run start at once (only the holder's own lease). */
export async function releaseLease(id: string, owner: string): Promise<void> {
  await updateIf({
    Key: importKey(id),
    UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
    ConditionExpression: 'leaseOwner = :me',
    ExpressionAttributeValues: { ':me': owner },
  });
}

/** The lease was lost (it lapsed and another run took it): this run stops without saving. */
export class LeaseLostError extends ConflictError {
  constructor() {
    super('CONFLICT', '导入正由另一请求进行');
  }
}

/**
 * Saves one step: the chunk's outcomes so far and the import's cursor and progress, only while this
 * run holds the lease and nobody moved the cursor; the last step also closes the import and writes
 * its one audit event.
 */
export async function saveStep(
  r: ImportRecord,
  owner: string,
  step: { chunk: number; outcomes: Outcome[]; from: number; to: number; progress: ImportProgress },
  done?: { at: string; audit: Record<string, unknown> },
): Promise<void> {
  const items: TxItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: { ...chunkKey(r.id, 'OUT', step.chunk), type: 'importOutcomes', items: step.outcomes },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: importKey(r.id),
        UpdateExpression: done
          ? 'SET #c = :to, progress = :p, #s = :done, finishedAt = :at REMOVE leaseOwner, leaseUntil'
          : 'SET #c = :to, progress = :p',
        ConditionExpression: 'leaseOwner = :me AND #c = :from',
        ExpressionAttributeNames: { '#c': 'cursor', ...(done ? { '#s': 'status' } : {}) },
        ExpressionAttributeValues: {
          ':to': step.to,
          ':p': step.progress,
          ':me': owner,
          ':from': step.from,
          ...(done ? { ':done': 'done', ':at': done.at } : {}),
        },
      },
    },
  ];
  if (done) items.push(newAuditItem(importAuditPk(r.clinicId), done.at, done.audit));
  await commit(items.map((item, i) => (i === 1 ? write(item, () => new LeaseLostError()) : write(item))));
}

/** The clinic's import trail, oldest first. */
export async function importAuditTrail(clinicId: string): Promise<Record<string, unknown>[]> {
  const out = await queryPage<Record<string, unknown>>(partitionQuery(undefined, 'pk', importAuditPk(clinicId)), {
    limit: 100,
  });
  return out.items;
}

/** One page of a clinic's imports, newest first. */
export async function importsOfClinic(clinicId: string, page: PageQuery): Promise<ListResult<ImportRecord>> {
  return queryPage<ImportRecord>(
    partitionQuery('byClinic', 'clinicKey', clinicImports(clinicId), { newestFirst: true }),
    page,
    20,
  );
}

/** The phone guards behind these keyed hashes (100 a call, consistent): who holds each phone. */
export async function phoneHolders(hashes: string[]): Promise<Map<string, PhoneOwner>> {
  const out = new Map<string, PhoneOwner>();
  const hashOf = new Map(hashes.map((h) => [phoneKey(h).pk, h]));
  for (let i = 0; i < hashes.length; i += 100) {
    let keys: Record<string, unknown>[] = hashes.slice(i, i + 100).map((h) => phoneKey(h));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error('phoneHolders: keys still unprocessed');
      if (attempt > 0) await new Promise((ok) => setTimeout(ok, 25 * 2 ** attempt));
      const res = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of res.Responses?.[tableName] ?? []) {
        const hash = hashOf.get(String(item.pk));
        if (hash) out.set(hash, fromItem<PhoneOwner>(item));
      }
      keys = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return out;
}
