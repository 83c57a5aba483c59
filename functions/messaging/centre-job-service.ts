import { NotFoundError } from '../../shared/errors';
import { type JobName, jobNames, schedules } from '../../shared/routes';
import type { JobView } from '../../shared/schemas/messages';
import type { Ctx } from '../lib/context';
import { actorName, actorOf } from '../staff/acting';
import { GROUP_SCOPE, settingsAuditWrite } from '../staff/settings-audit-repository';
import { jobStates, setPaused } from './job-state-repository';

/** Each job's Chinese name. */
export const jobTitles: Record<JobName, string> = {
  'appointment-reminder': '预约提醒',
  'revisit-reminder': '复诊提醒',
  'birthday-greeting': '生日祝福',
  'holiday-greeting': '节日问候',
  'outbox-sender': '消息发送',
  'patient-grouping': '患者分组',
  'consultation-closer': '咨询自动结束',
};

/** What each job does, in Chinese, for the staff page. */
const jobWhat: Record<JobName, string> = {
  'appointment-reminder': '给明天已预约的患者各发一条就诊提醒',
  'revisit-reminder': '3 天后到复诊日期且尚未预约的患者，各发一条复诊提醒',
  'birthday-greeting': '给今天过生日、同意接收营销信息的患者发生日祝福',
  'holiday-greeting': '节日当天给同意接收营销信息的患者发节日问候',
  'outbox-sender': '发送已到时间的消息；暂停后所有消息都不会发出',
  'patient-grouping': '每月 1 日按就诊记录把各院患者分入本月的随访分组（正畸、修复、种植、牙周、洁牙、流失、高价值）',
  'consultation-closer': '7 天没有新消息的在线咨询自动结束',
};

/** A five-field cron of the table in Chinese: 每天 18:00, 每分钟. */
function when(cron: string): string {
  const [minute, hour, ...rest] = cron.split(' ');
  if (cron === '* * * * *') return '每分钟';
  const [, , day, month, weekday] = cron.split(' ');
  if (/^\d+$/.test(day!) && month === '*' && weekday === '*' && /^\d+$/.test(minute!) && /^\d+$/.test(hour!)) {
    return `每月 ${day} 日 ${hour!.padStart(2, '0')}:${minute!.padStart(2, '0')}`;
  }
  if (rest.every((f) => f === '*') && /^\d+$/.test(minute!) && /^\d+$/.test(hour!)) {
    return `每天 ${hour!.padStart(2, '0')}:${minute!.padStart(2, '0')}`;
  }
  return cron;
}

/** The schedule table with each job's pause state and last run. */
export async function listJobs(): Promise<{ items: JobView[] }> {
  const states = await jobStates();
  return {
    items: schedules.map((s) => {
      const state = states.get(s.job);
      return {
        name: s.job,
        title: jobTitles[s.job],
        when: when(s.cron),
        cron: s.cron,
        what: jobWhat[s.job],
        paused: state?.paused === true,
        ...(state?.paused
          ? { pausedBy: state.pausedBy, pausedByName: state.pausedByName, pausedAt: state.pausedAt }
          : {}),
        ...(state?.lastRun ? { lastRun: { at: state.lastRun.at, counts: state.lastRun.counts } } : {}),
      };
    }),
  };
}

/** The group-wide emergency brake: a paused job's runs do nothing until it is resumed. Audited. */
export async function pauseJob(ctx: Ctx, name: string, paused: boolean): Promise<JobView> {
  const job = jobNames.find((n) => n === name);
  if (!job) throw new NotFoundError('job', { name, known: jobNames });
  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.caller);
  await setPaused(
    job,
    paused,
    { staffId: actor, name: await actorName(ctx.caller), at },
    settingsAuditWrite(
      {
        clinicId: GROUP_SCOPE,
        subject: `job#${job}`,
        action: paused ? 'pause' : 'resume',
        actorStaffId: actor,
        requestId: ctx.requestId,
      },
      at,
    ),
  );
  return (await listJobs()).items.find((j) => j.name === job)!;
}
