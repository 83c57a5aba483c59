/** docs/scale.md's greeting-day sections: units, planning time, SMS rate, and the limits they hit. */
import { fmt, num, type Results } from './read';
import { ASSUME, CODE, GROUP, greetingPlanning, LIMITS, messageUnits } from './scale-model';

/** Issue 12's planner target: the rate a greeting day would be planned at. */
export const PLANNER_TARGET_PER_SEC = 1000;
export const n = (x: number, d = 0) => fmt(x, d);
export const pct = (x: number) => `${fmt(x * 100, x < 0.01 ? 3 : 1)} %`;
export const usd = (x: number) => `$${fmt(x, 2, true)}`;

export function greetingDay(r: Results): { lines: string[]; wcu: number; rcu: number } {
  const m = messageUnits(r);
  const p = GROUP.patients;
  // The holiday planner reads each patient's record (~1 KB, eventually consistent: 0.5 RCU per 4 KB, rounded up per item in a Query page as 1 KB).
  const readRcu = (p * 1) / 4 / 2;
  const wcu = p * m.wcuPerMessage;
  const rcu = readRcu + p * m.rcuPerMessage;
  return {
    wcu,
    rcu,
    lines: [
      '## The greeting day (春节)',
      '',
      `- writes: ${n(p)} messages × ${n(m.wcuPerMessage, 2)} WCU = **${n(wcu)} WCU**`,
      ...planningLine(r),
      `- reads: every patient once (${n(p)} × 1 KB / 4 KB × 0.5 = ${n(readRcu)} RCU) + ${n(p)} × ${n(m.rcuPerMessage, 2)} RCU sending = **${n(rcu)} RCU**`,
      '',
    ],
  };
}

function planningLine(r: Results): string[] {
  const g = greetingPlanning(r);
  if (g.seconds === undefined) return ['- planning: not measured yet (no planner rate in the results).'];
  const fits = g.seconds <= g.limitSeconds;
  return [
    `- planning: the holiday-greeting job (cron \`${g.cron}\`, ${g.limitSeconds} s a run) at the rate the bench measured for it on a greeting day of its ${n(num(r, 'scheduledJobs.greetingDay.due') ?? 0)} patients (a Query of 100 records, a BatchGetItem of their 100 greeting ids, 4 BatchWriteItems a page): ${n(GROUP.patients)} / ${n(g.rate, 1)} per s = **${n(g.seconds)} s**${fits ? ', within one run' : ` — ${n(g.seconds / g.limitSeconds, 1)}× its time limit: **a limit hit**, and the next run is the next day`}.`,
  ];
}

export function sms(r: Results): { lines: string[]; perSecNeeded: number; senderCap: number } {
  const m = messageUnits(r);
  const window = ASSUME.greetingWindowHours * 3600;
  const perSecNeeded = GROUP.patients / window;
  const perRun = CODE.dueShards * CODE.duePerShardPerRun;
  const byRate = (m.senderPerSec ?? 0) * CODE.senderTakingSeconds;
  const senderCap = Math.min(perRun, byRate || perRun) / 60;
  const delivered = Math.min(1, (Math.min(senderCap, LIMITS.snsSmsPerSecond) * window) / GROUP.patients);
  return {
    perSecNeeded,
    senderCap,
    lines: [
      '## SMS on the greeting day',
      '',
      `- needed: ${n(GROUP.patients)} greetings / ${ASSUME.greetingWindowHours} h = ${n(perSecNeeded, 1)} messages/s (upper bound: every patient consented, none reachable by WeChat).`,
      `- our sender: one run a minute reads at most ${CODE.dueShards} shards × ${CODE.duePerShardPerRun} = ${n(perRun)} messages and takes new ones for ${CODE.senderTakingSeconds} s at the measured ${n(m.senderPerSec ?? 0, 1)} messages/s (${n(byRate)}), so it sends min(${n(perRun)}, ${n(byRate)}) / 60 s = **${n(senderCap, 1)} messages/s**.`,
      `- the provider: AWS SNS sends ${LIMITS.snsSmsPerSecond} SMS/s by default (a quota raised on request); Tencent Cloud SMS (China regions) has its own per-account request rate and per-phone frequency limits — no rate limit is configured in functions/lib/sms*.ts or the sender: a throttled send (SNS throttling, Tencent \`LimitExceeded\`) is a retryable failure, tried again later, up to ${CODE.sendTries} tries, then given up (functions/messaging/sender-service.ts). Both providers' figures are as known to the author and must be checked.`,
      `- so: min(${n(senderCap, 1)}, ${LIMITS.snsSmsPerSecond}) messages/s × ${n(window)} s reaches **${pct(delivered)}** of the greetings before they lapse at midnight.`,
      '',
    ],
  };
}

/** The greeting day's own limits: planning time and sending rate, with the change that avoids each. */
export function greetingLimits(r: Results): string[] {
  const lines: string[] = [];
  const g = greetingPlanning(r);
  if (g.seconds !== undefined && g.seconds > g.limitSeconds)
    lines.push(
      `- **Greeting planning time** (${n(g.seconds)} s of planning against a ${g.limitSeconds} s run, Lambda's ceiling being 900 s): plan the greeting over several runs ahead of the day (a run per clinic, or a run every few minutes the evening before, each resuming where the last stopped), or fan out one planner per clinic. Not built: one run a day goes clinic by clinic (functions/messaging/greeting-service.ts).`,
    );
  const { perSecNeeded: smsNeeded, senderCap } = sms(r);
  if (smsNeeded > senderCap || smsNeeded > LIMITS.snsSmsPerSecond)
    lines.push(
      `- **Greeting day sending** (${n(smsNeeded, 1)}/s needed, ${n(senderCap, 1)}/s from our sender, ${LIMITS.snsSmsPerSecond}/s from SNS by default): spread the greeting over the days before the festival and over the hours of each (planned with staggered \`dueAt\`), let a sender run keep taking while time is left rather than ${CODE.dueShards} × ${CODE.duePerShardPerRun} a run, and raise the provider's rate quota. Not built: the greeting is planned due at 09:00 and void at midnight (functions/messaging/greeting-service.ts).`,
    );
  return lines;
}
