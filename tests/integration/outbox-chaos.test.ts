import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamo';
import { ensureTables, tableNames } from '../../scripts/local/tables';

// The proof at scale: 10,000 recipients of the 春节 greeting, crashes injected at every step of the
// planner and of the sender, the job triggered 3 times (two at once), 2 senders at once on a short
// lease. This file has its OWN tables (set before any functions/ module loads: they read TABLE_NAME
// at import), so its senders send only its own messages.
const names = tableNames(`chaos${Date.now().toString(36)}`);
const admin = localClient(process.env.DYNAMO_ENDPOINT as string);
await ensureTables(admin, names);
admin.destroy();
process.env.TABLE_NAME = names.main;
process.env.IDEMPOTENCY_TABLE_NAME = names.idempotency;

const { BatchWriteCommand, ScanCommand } = await import('../../functions/lib/store-client');
const { db, tableName } = await import('../../functions/lib/db');
const { localSms } = await import('../../functions/lib/sms');
const { clinicItem } = await import('../../functions/clinics/clinic-repository');
const { consentEntries, newPatientRecord, UNASSIGNED_CLINIC } = await import('../../functions/patients/patient-record');
const { phoneGuardItem, storedPatient } = await import('../../functions/patients/patient-repository');
const { onPlanStep } = await import('../../functions/messaging/planning');
const { emptySendReport, sendDue } = await import('../../functions/messaging/sender-service');
const { runJob } = await import('../../functions/scheduled/jobs');
type PlanStep = import('../../functions/messaging/planning').PlanStep;
type SendStep = import('../../functions/messaging/sender-service').SendStep;
type SendReport = import('../../functions/messaging/sender-service').SendReport;
type OutboxRecord = import('../../functions/messaging/outbox-repository').OutboxRecord;

const RECIPIENTS = 10_000;
/** Of them, this many are of no clinic yet (greeted in the group's name). */
const UNASSIGNED = 1_000;
const CLINIC = { id: 'c_chaos', name: '混沌口腔门诊', city: '上海', address: '混沌路 1 号' };
const PLAN_AT = new Date('2026-02-17T09:00:00+08:00'); // 春节
const SEND_AT = new Date('2026-02-17T09:10:00+08:00');
/**
 * Short, so a dead sender's messages come back soon; long beside one message's ~10–50 ms, and beside the
 * stalls of a 2-core machine running the whole suite (3 s leases were lost there: a sender paused past its
 * lease, and a second sender rightly took the message over).
 */
const LEASE_MS = 10_000;
/** Chance that a sender crashes at any one step of one message. */
const SEND_CRASH_P = 0.001;
const SEED = Number(process.env.CHAOS_SEED ?? 20260217);

/** mulberry32: a small seeded generator (the seed fixes the draws; the interleaving of two senders varies). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = seeded(SEED);

/** What a crash throws: anything else escaping a run is a real failure. */
class Crash extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The recipients as the patient repository stores them (record, indexes, phone guard), written 12 a batch. */
async function loadRecipients(): Promise<{ ids: string[]; ms: number }> {
  const t0 = performance.now();
  const at = '2026-01-10T02:00:00.000Z';
  const consents = consentEntries({ healthData: false, marketing: true }, at, { byStaffId: 's_chaos' });
  const records = await Promise.all(
    Array.from({ length: RECIPIENTS }, (_, i) =>
      newPatientRecord(
        { clinicId: i < UNASSIGNED ? UNASSIGNED_CLINIC : CLINIC.id, name: `春节患者${i}`, channel: 'walk_in' },
        // Each its own phone: the weekly marketing cap is per phone.
        `139${String(i).padStart(8, '0')}`,
        consents,
        at,
      ),
    ),
  );
  const items: Record<string, unknown>[] = [
    clinicItem(CLINIC),
    ...records.flatMap((p) => [storedPatient(p), phoneGuardItem(p, `${p.name.slice(0, 1)}*`)]),
  ];
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests = (batches[next++] as Record<string, unknown>[]).map((Item) => ({ PutRequest: { Item } }));
      for (let tries = 0; requests.length > 0; tries++) {
        if (tries > 5) throw new Error('BatchWrite left items unprocessed');
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return { ids: records.map((r) => r.id), ms: performance.now() - t0 };
}

/** Every outbox message of this file's table (a test's admin read: one parallel Scan). */
async function allMessages(): Promise<OutboxRecord[]> {
  const segments = 4;
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, Segment) => {
      const out: OutboxRecord[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: tableName,
            Segment,
            TotalSegments: segments,
            FilterExpression: '#t = :outbox',
            ExpressionAttributeNames: { '#t': 'type' },
            ExpressionAttributeValues: { ':outbox': 'outbox' },
            ExclusiveStartKey,
          }),
        );
        out.push(...((page.Items ?? []) as OutboxRecord[]));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return out;
    }),
  );
  return parts.flat();
}

let recipients: string[] = [];
let loadMs = 0;
beforeAll(async () => {
  ({ ids: recipients, ms: loadMs } = await loadRecipients());
}, 180_000);
afterAll(() => onPlanStep(undefined));

describe('the outbox under crashes at scale', () => {
  it('loses none of 10,000 greetings through planner and sender crashes, and its only duplicates are the crashes between the provider accepting and our mark', async () => {
    const t0 = performance.now();
    // Planner crashes: runs A and B (at once) die part-way, A before a write and B after one, each at
    // a seeded count; C runs whole.
    const runOf = new AsyncLocalStorage<string>();
    const planCrashAt = new Map<string, { step: PlanStep; after: number }>();
    for (const [run, step] of [
      ['A', 'before-queue'],
      ['B', 'after-queue'],
    ] as const) {
      planCrashAt.set(run, { step, after: 500 + Math.floor(rng() * (RECIPIENTS - 1_000)) });
    }
    const planSeen = new Map<string, number>();
    const deadRuns = new Set<string>();
    const planCrashes: string[] = [];
    onPlanStep((step) => {
      const run = runOf.getStore();
      const at = run && planCrashAt.get(run);
      if (!run || !at) return;
      // A dead run's items still in flight stop at their next step, as in a process that died.
      if (deadRuns.has(run)) throw new Crash(`planner ${run} is dead`);
      if (step !== at.step) return;
      const seen = (planSeen.get(run) ?? 0) + 1;
      planSeen.set(run, seen);
      if (seen < at.after) return;
      deadRuns.add(run);
      planCrashes.push(`${run} ${at.step} #${seen}`);
      throw new Crash(`planner ${run} crashed ${at.step}`);
    });
    const trigger = (run: string) => runOf.run(run, () => runJob('holiday-greeting', PLAN_AT));
    let planning = true;
    const planners = (async () => {
      const both = await Promise.allSettled([trigger('A'), trigger('B')]);
      for (const r of both) if (r.status === 'rejected' && !(r.reason instanceof Crash)) throw r.reason;
      const c = await trigger('C');
      planning = false;
      return { crashedAB: both.filter((r) => r.status === 'rejected').length, c: c.counts };
    })().finally(() => {
      planning = false;
    });

    // Sender crashes: at each step of each message a seeded draw may kill the sender; its other
    // workers die at their next step. A dead sender is followed by the next run, as each minute's is.
    const sink = localSms();
    const crashes: Record<SendStep, { injected: number; inFlight: number }> = {
      'after-claim': { injected: 0, inFlight: 0 },
      'after-provider': { injected: 0, inFlight: 0 },
      'after-settle': { injected: 0, inFlight: 0 },
    };
    const totals: SendReport = emptySendReport();
    let senderRuns = 0;
    const sender = async () => {
      for (;;) {
        senderRuns++;
        const life = { dead: false };
        const step = (s: SendStep) => {
          if (life.dead) {
            crashes[s].inFlight++;
            throw new Crash('sender is dead');
          }
          if (rng() < SEND_CRASH_P) {
            life.dead = true;
            crashes[s].injected++;
            throw new Crash(`sender crashed ${s}`);
          }
        };
        try {
          const r = await sendDue(SEND_AT, { sms: sink, leaseMs: LEASE_MS, step }, () => !life.dead);
          for (const k of Object.keys(totals) as (keyof SendReport)[]) totals[k] += r[k];
          if (r.read === 0 && !planning) return;
          // Only messages another sender (or a dead one) holds: wait for their leases.
          if (r.claimed === 0) await sleep(r.read === 0 ? 50 : 250);
        } catch (e) {
          if (!(e instanceof Crash)) throw e;
        }
      }
    };
    const [planned] = await Promise.all([planners, sender(), sender()]);
    const runMs = performance.now() - t0;

    const messages = await allMessages();
    const sends = new Map<string, string[]>();
    for (const s of sink.sent) sends.set(s.reference, [...(sends.get(s.reference) ?? []), s.text]);
    const providerIds = new Set(sink.sent.map((s, i) => `local-${i + 1}-${s.reference}`));
    const lost = recipients.filter((p) => !sends.has(`holiday#${p}#2026-02-17`));
    const duplicates = sink.sent.length - sends.size;
    const acceptToMark = crashes['after-provider'].injected + crashes['after-provider'].inFlight;
    console.info(
      [
        `outbox chaos (seed ${SEED}): ${RECIPIENTS} recipients loaded in ${(loadMs / 1000).toFixed(1)} s; planned and sent in ${(runMs / 1000).toFixed(1)} s`,
        `  planner: runs A and B at once, crashed ${planned.crashedAB} (${planCrashes.join(', ')}); run C read ${planned.c.read}, planned ${planned.c.planned}, already planned ${planned.c.alreadyPlanned}`,
        `  sender: 2 at once, ${senderRuns} runs, lease ${LEASE_MS} ms; crashes injected / in flight: ${Object.entries(
          crashes,
        )
          .map(([s, c]) => `${s} ${c.injected}/${c.inFlight}`)
          .join(', ')}`,
        `  ${messages.length} messages, ${sink.sent.length} texts to the sink, ${sends.size} distinct; lost ${lost.length}; duplicates ${duplicates} = crashes in the accept-to-mark window ${acceptToMark}; lost leases ${totals.lostLeases}`,
      ].join('\n'),
    );

    // Every step was crashed at least once.
    expect(planCrashes).toHaveLength(2);
    for (const c of Object.values(crashes)) expect(c.injected).toBeGreaterThan(0);
    // One message per recipient, each settled as sent, its mark one of the sink's real sends.
    expect(messages).toHaveLength(RECIPIENTS);
    expect(new Set(messages.map((m) => m.id))).toEqual(new Set(recipients.map((p) => `holiday#${p}#2026-02-17`)));
    const unsettled = messages.filter(
      (m) => m.status !== 'sent' || !m.providerId || !providerIds.has(m.providerId) || m.leaseId !== undefined,
    );
    expect(unsettled.map((m) => `${m.id} ${m.status}`)).toEqual([]);
    expect(messages.filter((m) => m.history.filter((h) => h.status === 'sent').length !== 1)).toEqual([]);
    // 0 lost; the only duplicates are the crashes between the provider accepting and our mark.
    expect(lost).toEqual([]);
    expect(duplicates).toBe(acceptToMark);
    expect(totals.lostLeases).toBe(0);
  }, 900_000);
});
