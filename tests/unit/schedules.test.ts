import { describe, expect, it } from 'vitest';
import { cronFields } from '../../infra/stack';
import { nextRun } from '../../scripts/local/jobs';
import { jobNames, schedules } from '../../shared/routes';

const cronOf = (job: string) => schedules.find((s) => s.job === job)?.cron ?? '';

describe('the schedule table', () => {
  it('lists every job once, each with a time limit under the 15 minutes a function may run', () => {
    expect(schedules.map((s) => s.job).sort()).toEqual([...jobNames].sort());
    for (const s of schedules) expect(s.timeLimitSeconds).toBeLessThanOrEqual(900);
  });

  it('runs the appointment reminder at 18:00 in Shanghai, whatever the machine’s zone', () => {
    expect(nextRun(cronOf('appointment-reminder'), new Date('2026-12-05T17:59:00+08:00'))?.toISOString()).toBe(
      '2026-12-05T10:00:00.000Z',
    );
    expect(nextRun(cronOf('appointment-reminder'), new Date('2026-12-05T18:00:00+08:00'))?.toISOString()).toBe(
      '2026-12-06T10:00:00.000Z',
    );
  });

  it('runs the revisit reminder daily at 10:00 in Shanghai', () => {
    expect(nextRun(cronOf('revisit-reminder'), new Date('2034-03-07T09:59:00+08:00'))?.toISOString()).toBe(
      '2034-03-07T02:00:00.000Z',
    );
    expect(nextRun(cronOf('revisit-reminder'), new Date('2034-03-07T10:00:00+08:00'))?.toISOString()).toBe(
      '2034-03-08T02:00:00.000Z',
    );
  });

  it.each(['birthday-greeting', 'holiday-greeting'])('runs %s daily at 09:00 in Shanghai', (job) => {
    expect(nextRun(cronOf(job), new Date('2027-02-27T09:00:00+08:00'))?.toISOString()).toBe('2027-02-28T01:00:00.000Z');
    expect(nextRun(cronOf(job), new Date('2026-09-24T23:30:00+08:00'))?.toISOString()).toBe('2026-09-25T01:00:00.000Z');
  });

  it('runs the sender every minute', () => {
    expect(nextRun(cronOf('outbox-sender'), new Date('2026-12-05T17:59:30+08:00'))?.toISOString()).toBe(
      '2026-12-05T10:00:00.000Z',
    );
  });

  it('groups patients on the 1st of each month at 02:00 in Shanghai, with the same fields for EventBridge', () => {
    expect(nextRun(cronOf('patient-grouping'), new Date('2026-12-05T10:00:00+08:00'))?.toISOString()).toBe(
      '2026-12-31T18:00:00.000Z',
    );
    expect(cronFields(schedules.find((s) => s.job === 'patient-grouping')!)).toEqual({
      minute: '0',
      hour: '2',
      day: '1',
      month: '*',
    });
  });

  it('gives EventBridge the same fields, and refuses a day-of-week it would read differently', () => {
    expect(cronFields({ ...schedules[0]!, cron: '0 18 * * *' })).toEqual({
      minute: '0',
      hour: '18',
      day: '*',
      month: '*',
    });
    expect(() => cronFields({ ...schedules[0]!, cron: '0 9 * * 1' })).toThrow('day of the week');
  });
});
