import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { putDepartment } from '../../functions/clinics/clinic-repository';
import { commit } from '../../functions/lib/transact';
import { answerDelta, countedTogether, type ScopedDelta } from '../../functions/reports/satisfaction-counters';
import { addMonths, clinicMonth } from '../../shared/dates';
import { isLowAnswer, type SurveyScores, surveyDimensions } from '../../shared/schemas/surveys';
import { uniqueOpenid } from '../support/api';
import { h5AppForFile, loginAs, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { ownClinic } from '../support/own-clinic';

// The manager's 满意度月报 in Chromium on the H5 build, over counters seeded as the survey flow
// writes them: big numbers, NPS bar, averages, trend, department and doctor rows, the CSV file.

const WAIT = 15_000;
const app = h5AppForFile();
const month = clinicMonth(new Date());
const at = { clinicId: '', managerOpenid: '', answers: 0, invitations: 0 };

/** A month's answers of one doctor: mostly 4–5 stars, a few low ones, NPS spread over 0–10. */
function answersOf(scope: ScopedDelta['scope'], n: number, tilt: number): ScopedDelta[] {
  return Array.from({ length: n }, (_, k) => {
    const bad = (k + tilt) % 9 === 0;
    const scores = Object.fromEntries(
      surveyDimensions.map((d, j) => [d, bad ? 1 + ((k + j) % 3) : 4 + ((k + j + tilt) % 2)]),
    ) as SurveyScores;
    const nps = bad ? k % 7 : 7 + ((k + tilt) % 4);
    const low = isLowAnswer(scores, nps);
    return {
      scope,
      delta: {
        ...answerDelta({ scores, nps, low }),
        ...(low && k % 2 === 0 ? { lowResolved: 1, lowResolvedInTime: 1 } : {}),
      },
    };
  });
}

beforeAll(async () => {
  const own = await ownClinic('e2esat', '仁和口腔·满意度');
  at.clinicId = own.clinicId;
  const implant = `${own.deptId}_impl`;
  await putDepartment({
    id: implant,
    clinicId: own.clinicId,
    name: '种植科',
    prefix: 'B',
    room: '2',
    defaultServiceMinutes: 30,
  });
  const doctors = [
    { departmentId: own.deptId, doctorId: 's_e2e_wang', doctorName: '王建国' },
    { departmentId: own.deptId, doctorId: 's_e2e_chen', doctorName: '陈晓梅' },
    { departmentId: implant, doctorId: 's_e2e_liu', doctorName: '刘振华' },
  ];
  for (let back = 5; back >= 0; back--) {
    const m = addMonths(month, -back);
    const facts = doctors.flatMap((d, i) => {
      const scope = { clinicId: own.clinicId, month: m, ...d };
      const answered = 8 + ((back * 5 + i * 7) % 11);
      const invited = answered + 4 + i * 3;
      if (back === 0) {
        at.answers += answered;
        at.invitations += invited;
      }
      return [{ scope, delta: { invitations: invited } }, ...answersOf(scope, answered, back + i)];
    });
    await commit(countedTogether(facts));
  }
  at.managerOpenid = uniqueOpenid('e2e-sat-mgr');
  await app.token(at.managerOpenid, 'manager', own.clinicId);
}, 60_000);

describe('满意度月报 in Chromium on the H5 build', () => {
  it('opens from the manager board and shows the month, its trend and its rows', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, at.managerOpenid);
    await openStaffPage(page, '#go-manager');
    await shown(page, '#go-satisfaction').click();
    await shown(page, '#sat-totals').waitFor({ timeout: WAIT });
    expect(await shown(page, '#total-answers').textContent()).toBe(String(at.answers));
    expect(await shown(page, '#total-invitations').textContent()).toBe(String(at.invitations));
    expect(await shown(page, '#total-rate').textContent()).toBe(`${((at.answers / at.invitations) * 100).toFixed(1)}%`);
    expect(await shown(page, '#nps-value').textContent()).toMatch(/^[+-]?\d+\.\d$/);
    expect(await shown(page, '#avg-overall-value').textContent()).toMatch(/^[1-5]\.\d\d$/);
    expect(await page.locator('.sat-col:visible').count()).toBe(6);
    expect(await shown(page, '#dept-table').textContent()).toContain('种植科');
    expect(await shown(page, '#doctor-table').textContent()).toContain('陈晓梅');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'satisfaction-report');
    // Last month's figures are not this month's.
    await shown(page, '#month-prev').click();
    await shown(page, '#sat-totals').waitFor({ timeout: WAIT });
    expect(await shown(page, '#month-label').textContent()).toBe(addMonths(month, -1));
    await page.close();
  });

  it('downloads the month as a CSV file named for it, with the clinic, department and doctor rows', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, at.managerOpenid);
    await page.goto(`${app.base}/#/staff/satisfaction`);
    await shown(page, '#sat-totals').waitFor({ timeout: WAIT });
    const [download] = await Promise.all([page.waitForEvent('download'), shown(page, '#export-satisfaction').click()]);
    expect(download.suggestedFilename()).toBe(`satisfaction-${month}.csv`);
    const text = await readFile((await download.path()) as string, 'utf8');
    expect(text.startsWith('\uFEFF类型,名称')).toBe(true);
    expect(text).toContain(`全院,${month},,${at.invitations},${at.answers},`);
    expect(text).toContain('医生,刘振华,种植科,');
    await page.close();
  });
});
