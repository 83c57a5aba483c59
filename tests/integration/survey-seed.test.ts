import { describe, expect, it } from 'vitest';
import { ownTables } from '../support/own-tables';

// The demo seed on tables of its own (it records visits and answers as of the real today).
await ownTables('svseed');
const { seedOnce, demoPatientOpenid } = await import('../../scripts/local/seed');
const { seedSurveysOnce } = await import('../../scripts/local/seed-surveys');
const { callerFor, userIdFor } = await import('../../functions/auth/auth-service');
const { staffOfUser } = await import('../../functions/auth/identity-repository');
const { mySurveys } = await import('../../functions/surveys/survey-service');
const { listFollowUps } = await import('../../functions/followup/task-service');

describe('demo surveys', () => {
  it('seed once: an open invitation for the demo patient and one complaint in 周客服 今日回访', async () => {
    await seedOnce();
    expect(await seedSurveysOnce()).toBe(true);
    expect(await seedSurveysOnce()).toBe(false);
    const now = new Date();
    const patient = callerFor(await userIdFor(demoPatientOpenid), undefined);
    const open = await mySurveys({ caller: patient, now, requestId: 't' });
    expect(open.items).toHaveLength(1);
    expect(open.items[0]).toMatchObject({ patientName: '张小明', departmentName: '牙周科', status: 'open' });
    const userId = await userIdFor('demo-service');
    const service = callerFor(userId, await staffOfUser(userId));
    const today = await listFollowUps({ caller: service, now, requestId: 't' }, { view: 'today' });
    const complaints = today.items.filter((t) => t.kind === 'complaint');
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toMatchObject({ claimedByName: '周客服', answer: { nps: 4 } });
  });
});
