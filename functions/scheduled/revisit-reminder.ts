import { planRevisitReminders } from '../messaging/revisit-service';
import type { Job } from './jobs';

/** 10:00: revisit reminders for the visits due in 3 days whose patients have not booked. */
export const run: Job = (now) => planRevisitReminders(now);
