import { smsProvider } from '../messaging/channels';
import { sendDue } from '../messaging/sender-service';
import type { JobCounts } from './jobs';

/** A run takes new messages for this long, leaving the rest of its minute to finish those in hand. */
const TAKING_MS = 45_000;

/** Every minute: send what is due, stopping in time for the next run. */
export async function run(now: Date): Promise<JobCounts> {
  const until = Date.now() + TAKING_MS;
  return { ...(await sendDue(now, { sms: smsProvider() }, () => Date.now() < until)) };
}
