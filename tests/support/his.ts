import { expect } from 'vitest';
import { type HisKey, sendHisEvent } from '../../scripts/his-send-example';
import type { Api } from './api';

let seq = 0;
/** A HIS document number no other test uses. */
export const hisDocNo = (prefix = 'SF') =>
  `${prefix}${Date.now().toString(36)}${(seq++).toString().padStart(4, '0')}${Math.random().toString(36).slice(2, 6)}`;

type Who = { phone?: string; hisPatientNo?: string };

/**
 * A clinic's HIS as a test drives it: a fresh credential issued by the clinic's manager (the old one
 * stops working), events sent with the README's example sender.
 */
export async function hisOf(api: Api, managerToken: string) {
  const res = await api.call('POST', '/v1/integrations/his/credentials', { token: managerToken, body: {} });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const key: HisKey = { baseUrl: api.url, clinicId: res.body.clinicId, keyId: res.body.keyId, secret: res.body.secret };
  const send = (event: Record<string, unknown>) => sendHisEvent(key, event);
  return {
    key,
    send,
    charge: (who: Who, amountFen: number, extra: Record<string, unknown> = {}) =>
      send({ kind: 'charge', documentNo: hisDocNo(), ...who, at: new Date().toISOString(), amountFen, ...extra }),
    treatment: (who: Who, category: string, extra: Record<string, unknown> = {}) =>
      send({
        kind: 'treatment',
        documentNo: hisDocNo('ZL'),
        ...who,
        at: new Date().toISOString(),
        category,
        doctorName: '王医生',
        ...extra,
      }),
  };
}
export type HisOf = Awaited<ReturnType<typeof hisOf>>;
