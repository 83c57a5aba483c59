/**
 * Keys of the days a planner has planned (job-state-repository.ts, firstRunOfDay), apart from it so
 * that making a table (scripts/local/tables.ts) can mark it without the store client.
 */
import type { JobName } from '../../shared/routes';

/** A run of `job` began planning `day` (kept for good: a run as of that day, however late, finds it). */
export const plannedDayKey = (job: JobName, day: string) => ({ pk: 'PLANNEDDAY', sk: `${job}#${day}` });

/**
 * From which day on every run's planned day is kept (`since`, YYYY-MM-DD). A table made empty holds no
 * run from before (`since` ''); an older one gets it from its first run that keeps days: the day after
 * that run's day, or after today if that is later, so no day an older run may have planned counts.
 */
export const plannedDaysSinceKey = { pk: 'PLANNEDDAY', sk: 'SINCE' } as const;
export const plannedDaysSinceItem = { ...plannedDaysSinceKey, type: 'plannedDaysSince', since: '' } as const;
