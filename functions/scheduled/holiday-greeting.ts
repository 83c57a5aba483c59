import { planHolidayGreetings } from '../messaging/greeting-service';
import type { Job } from './jobs';

/** 09:00: greetings to every reachable patient on a greeting day. */
export const run: Job = (now) => planHolidayGreetings(now);
