import { defaultTemplates } from '../../shared/messaging-rules';
import { type MessageKind, messageKinds } from '../../shared/schemas/messages';
import { tableName } from '../lib/db';
import { partitionQuery, queryAll } from '../lib/store';
import { commit, type TxItem } from '../lib/transact';

/** A clinic's text for one kind of message and whether its job runs for the clinic. */
export interface TemplateSetting {
  kind: MessageKind;
  text: string;
  /** True while the clinic keeps the default text. */
  isDefault: boolean;
  enabled: boolean;
  updatedAt?: string;
  updatedBy?: string;
}
export type ClinicTemplates = Record<MessageKind, TemplateSetting>;

/** A clinic's four settings share one partition: one Query reads them all. */
const pk = (clinicId: string) => `MSGTPL#${clinicId}`;

interface StoredSetting {
  kind: MessageKind;
  text?: string;
  enabled?: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

/** A clinic's settings of every kind: what it changed, the defaults for the rest (enabled, default text). */
export async function clinicTemplates(clinicId: string): Promise<ClinicTemplates> {
  const stored = await queryAll<StoredSetting>(partitionQuery(undefined, 'pk', pk(clinicId)), 10);
  const byKind = new Map(stored.map((s) => [s.kind, s]));
  return Object.fromEntries(
    messageKinds.map((kind) => {
      const s = byKind.get(kind);
      const setting: TemplateSetting = {
        kind,
        text: s?.text ?? defaultTemplates[kind],
        isDefault: s?.text === undefined,
        enabled: s?.enabled ?? true,
        ...(s?.updatedAt ? { updatedAt: s.updatedAt, updatedBy: s.updatedBy } : {}),
      };
      return [kind, setting];
    }),
  ) as ClinicTemplates;
}

/** Saves a clinic's text and/or switch of one kind, with its audit event, as one write. */
export async function saveTemplate(
  clinicId: string,
  kind: MessageKind,
  change: { text?: string; enabled?: boolean },
  by: { staffId: string; at: string },
  audit: TxItem,
): Promise<void> {
  const sets = ['kind = :kind', 'clinicId = :clinic', 'updatedAt = :at', 'updatedBy = :by', '#type = :type'];
  const values: Record<string, unknown> = {
    ':kind': kind,
    ':clinic': clinicId,
    ':at': by.at,
    ':by': by.staffId,
    ':type': 'messageTemplate',
  };
  if (change.text !== undefined) {
    sets.push('#text = :text');
    values[':text'] = change.text;
  }
  if (change.enabled !== undefined) {
    sets.push('enabled = :enabled');
    values[':enabled'] = change.enabled;
  }
  await commit([
    {
      Update: {
        TableName: tableName,
        Key: { pk: pk(clinicId), sk: `KIND#${kind}` },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: { '#type': 'type', ...(change.text !== undefined ? { '#text': 'text' } : {}) },
        ExpressionAttributeValues: values,
      },
    },
    audit,
  ]);
}

/**
 * The settings of each clinic a planner meets, read once a run: a planner asks per patient or
 * appointment, the store is asked once per clinic.
 */
export function templateSettings(): (clinicId: string) => Promise<ClinicTemplates> {
  const read = new Map<string, Promise<ClinicTemplates>>();
  return (clinicId) => {
    let s = read.get(clinicId);
    if (!s) {
      s = clinicTemplates(clinicId);
      read.set(clinicId, s);
    }
    return s;
  };
}
