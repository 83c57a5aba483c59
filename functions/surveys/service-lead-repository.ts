import { containerCache } from '../lib/container-cache';
import { tableName } from '../lib/db';
import { getItem, putItem } from '../lib/store';
import { commit, type TxItem } from '../lib/transact';

/**
 * A clinic's service lead (客服主管): the staff member a low answer's complaint is handed to. A clinic
 * setting, one item read by key when an answer is stored; without one, the complaint is left
 * unclaimed in the clinic's list for any service staff.
 */
export interface ServiceLead {
  clinicId: string;
  staffId: string;
  staffName: string;
}

const key = (clinicId: string) => ({ pk: `CLINIC#${clinicId}`, sk: 'SERVICE_LEAD' });

export async function serviceLeadOf(clinicId: string): Promise<ServiceLead | undefined> {
  return getItem<ServiceLead>(key(clinicId));
}

/**
 * A clinic's lead (or none), kept per container for 60 s for the answers that hand a complaint over:
 * a lead named in another container reaches this one within a minute (this container's own
 * changes at once).
 */
export const SERVICE_LEAD_LIFETIME_MS = 60_000;
const leads = containerCache(
  'serviceLead',
  SERVICE_LEAD_LIFETIME_MS,
  async (clinicId) => (await serviceLeadOf(clinicId)) ?? null,
);

export async function cachedServiceLeadOf(clinicId: string, now: Date): Promise<ServiceLead | undefined> {
  return (await leads.get(clinicId, now)) ?? undefined;
}

/** Names a clinic's service lead (the demo seed; tests). */
export async function setServiceLead(lead: ServiceLead): Promise<void> {
  await putItem({ ...key(lead.clinicId), type: 'serviceLead', ...lead });
  leads.forget(lead.clinicId);
}

/** Names a clinic's service lead with the audit event of the change, as one write. */
export async function saveServiceLead(lead: ServiceLead & { at: string; by: string }, audit: TxItem): Promise<void> {
  await commit([
    { Put: { TableName: tableName, Item: { ...key(lead.clinicId), type: 'serviceLead', ...lead } } },
    audit,
  ]);
  leads.forget(lead.clinicId);
}
