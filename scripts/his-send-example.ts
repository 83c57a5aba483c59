// The HIS vendor's example (README: 对接 HIS): sends one event to PatientLoop, signed as the API
// expects. Self-contained on purpose (Node 18+: node:crypto and fetch only), so a vendor can copy it;
// tests/integration/his-example.test.ts runs it against the local API so the README cannot rot.
//
//   HIS_API=http://127.0.0.1:3000 HIS_CLINIC=c_xxx HIS_KEY_ID=hk_xxx HIS_SECRET=... \
//     npx tsx scripts/his-send-example.ts '{"kind":"charge","documentNo":"SF0001",...}'
import { createHmac, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

/** What the clinic's manager was shown once on the HIS 对接 page, and where the API is. */
export interface HisKey {
  baseUrl: string;
  clinicId: string;
  keyId: string;
  secret: string;
}

/** HMAC-SHA256, lower-case hex, over "<timestamp>\n<nonce>\n<body>" (the body exactly as sent). */
export function sign(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
}

/** Sends one event (a charge or a treatment); answers the status and the JSON body. */
// biome-ignore lint/suspicious/noExplicitAny: the answer is JSON whose shape the README describes
export async function sendHisEvent(key: HisKey, event: unknown): Promise<{ status: number; body: any }> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000)); // Unix seconds
  const nonce = randomBytes(16).toString('hex'); // new for every request, retries included
  const res = await fetch(`${key.baseUrl}/v1/integrations/his/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-his-clinic': key.clinicId,
      'x-his-key-id': key.keyId,
      'x-his-timestamp': timestamp,
      'x-his-nonce': nonce,
      'x-his-signature': sign(key.secret, timestamp, nonce, body),
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

async function main() {
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`缺少环境变量 ${name}`);
    return v;
  };
  const key = {
    baseUrl: env('HIS_API'),
    clinicId: env('HIS_CLINIC'),
    keyId: env('HIS_KEY_ID'),
    secret: env('HIS_SECRET'),
  };
  const { status, body } = await sendHisEvent(key, JSON.parse(process.argv[2] ?? '{}'));
  // 200 applied, 202 held for review, 400 bad event, 401 signature refused, 409 contention: retry.
  console.log(status, JSON.stringify(body));
  process.exitCode = status < 300 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
