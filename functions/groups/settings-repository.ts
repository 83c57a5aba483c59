import { defaultGroupSettings, type GroupSettings, groupSettings } from '../../shared/schemas/patient-groups';
import { tableName } from '../lib/db';
import { getItem } from '../lib/store';
import { commit, type TxItem } from '../lib/transact';

/** A clinic's group intervals: what it saved, or the defaults while it saved nothing. */
export interface StoredGroupSettings {
  settings: GroupSettings;
  isDefault: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

const key = (clinicId: string) => ({ pk: `PGSET#${clinicId}`, sk: 'SETTINGS' });

export async function groupSettingsOf(clinicId: string): Promise<StoredGroupSettings> {
  const s = await getItem<GroupSettings & { updatedAt: string; updatedBy: string }>(key(clinicId), true);
  if (!s) return { settings: defaultGroupSettings, isDefault: true };
  // Fields added later fall back to their defaults.
  const settings = groupSettings.parse(
    Object.fromEntries(
      Object.keys(defaultGroupSettings).map((k) => [
        k,
        (s as Record<string, unknown>)[k] ?? (defaultGroupSettings as Record<string, unknown>)[k],
      ]),
    ),
  );
  return { settings, isDefault: false, updatedAt: s.updatedAt, updatedBy: s.updatedBy };
}

/** Saves a clinic's intervals with their audit event, as one write. */
export async function saveGroupSettings(
  clinicId: string,
  settings: GroupSettings,
  by: { staffId: string; at: string },
  audit: TxItem,
): Promise<void> {
  await commit([
    {
      Put: {
        TableName: tableName,
        Item: {
          ...key(clinicId),
          type: 'groupSettings',
          clinicId,
          ...settings,
          updatedAt: by.at,
          updatedBy: by.staffId,
        },
      },
    },
    audit,
  ]);
}
