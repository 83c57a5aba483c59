import { smsProvider } from '../messaging/channels';
import { sendDue } from '../messaging/sender-service';
import type { JobCounts } from './jobs';

/** Every minute: send what is due, stopping in time for the next run. */
export async function run(now: Date): Promise<JobCounts> {
  return { ...(await sendDue(now, { sms: smsProvider() }, Date.now() + 50_000)) };
}
