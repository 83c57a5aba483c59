import { planBirthdayGreetings } from '../messaging/greeting-service';
import type { Job } from './jobs';

/** 09:00: today's birthday greetings. */
export const run: Job = (now) => planBirthdayGreetings(now);
