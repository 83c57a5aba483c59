import { planAppointmentReminders } from '../messaging/appointment-reminder-service';
import type { Job } from './jobs';

/** 18:00: a reminder for each appointment still booked for tomorrow. */
export const run: Job = (now) => planAppointmentReminders(now);
