import { closeQuietThreads } from '../consult/closer-service';
import type { Job } from './jobs';

/** 03:30 daily: threads with no message for CONSULTATION_QUIET_DAYS are closed (closedBy 'quiet'). */
export const run: Job = (now) => closeQuietThreads(now);
