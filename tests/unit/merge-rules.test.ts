import { describe, expect, it } from 'vitest';
import { combinedSummary, conflictsOf, earlierOf, survivorAfter } from '../../functions/patients/merge-rules';
import type { PatientRecord } from '../../functions/patients/patient-repository';
import type { CareSummary } from '../../shared/patient-group-rules';

const record = (o: Partial<PatientRecord>): PatientRecord => ({
  id: 'p_x',
  clinicId: 'c_1',
  name: '王小明',
  phoneEnc: 'enc',
  phoneHash: 'h_x',
  maskedPhone: '138****0000',
  consents: {},
  channel: 'walk_in',
  tags: [],
  createdAt: '2044-01-01T00:00:00.000Z',
  updatedAt: '2044-01-01T00:00:00.000Z',
  version: 1,
  ...o,
});
const state = (granted: boolean, at: string) => ({ granted, at, policyVersion: '1' });

describe('the survivor after a merge', () => {
  const older = record({
    id: 'p_old',
    phoneHash: 'h_old',
    createdAt: '2044-01-01T00:00:00.000Z',
    channel: 'campaign',
    campaignId: 'cp_1',
    ownerStaffId: 's_mkt',
    ownerStaffName: '市场小李',
    gender: 'male',
    address: '上海市',
    tags: ['VIP'],
    visitCount: 2,
    lastVisitAt: '2044-01-20T02:00:00.000Z',
    nextRevisitDate: '2044-07-20',
    consents: { marketing: state(false, '2044-02-10T00:00:00.000Z') },
  });
  const newer = record({
    id: 'p_new',
    phoneHash: 'h_new',
    createdAt: '2044-02-01T00:00:00.000Z',
    channel: 'walk_in',
    ownerStaffId: 's_desk',
    birthDate: '1990-01-02',
    tags: ['老客'],
    visitCount: 1,
    lastVisitAt: '2044-01-05T02:00:00.000Z',
    consents: {
      marketing: state(true, '2044-02-01T00:00:00.000Z'),
      healthData: state(true, '2044-02-01T00:00:00.000Z'),
    },
  });

  it('takes owner, channel and campaign from the earlier-created record, whichever survives', () => {
    const s = survivorAfter(newer, older, '2044-03-01T00:00:00.000Z');
    expect(s).toMatchObject({
      id: 'p_new',
      ownerStaffId: 's_mkt',
      ownerStaffName: '市场小李',
      channel: 'campaign',
      campaignId: 'cp_1',
    });
    expect(survivorAfter(older, newer, '2044-03-01T00:00:00.000Z')).toMatchObject({
      ownerStaffId: 's_mkt',
      channel: 'campaign',
    });
    expect(earlierOf(newer, older).id).toBe('p_old');
  });

  it("keeps its own fields, fills what it lacks, unites tags, adds up visits and keeps the person's latest consent", () => {
    const s = survivorAfter(newer, older, '2044-03-01T00:00:00.000Z');
    expect(s).toMatchObject({ birthDate: '1990-01-02', gender: 'male', address: '上海市', visitCount: 3 });
    expect(s.tags.sort()).toEqual(['VIP', '老客'].sort());
    expect(s.lastVisitAt).toBe('2044-01-20T02:00:00.000Z');
    expect(s.nextRevisitDate).toBe('2044-07-20');
    // The marketing refusal of 10 Feb is newer than the grant of 1 Feb: it holds.
    expect(s.consents.marketing?.granted).toBe(false);
    expect(s.consents.healthData?.granted).toBe(true);
    expect(s.mergedPhoneHashes).toEqual(['h_old']);
  });

  it('names the fields that differ, with both values as shown', () => {
    const a = record({ name: '王小明', birthDate: '1990-01-02', gender: 'male' });
    const b = record({ name: '王晓明', birthDate: '1990-01-02', gender: 'female' });
    expect(conflictsOf(a, b, (p, f) => String(p[f as 'name'] ?? ''))).toEqual([
      { field: 'name', left: '王小明', right: '王晓明' },
      { field: 'gender', left: 'male', right: 'female' },
    ]);
  });
});

describe('two care summaries of one clinic', () => {
  const summary = (o: Partial<CareSummary>): CareSummary => ({
    patientId: 'p_x',
    clinicId: 'c_1',
    firstVisitDate: '2044-01-01',
    lastVisitDate: '2044-01-01',
    lastVisitId: 'v_1',
    lastVisitAt: '2044-01-01T02:00:00.000Z',
    lastCategory: 'cleaning',
    last: { cleaning: { date: '2044-01-01', visitId: 'v_1' } },
    spendFen: 100,
    visitCount: 1,
    ...o,
  });
  it('add spend and visits, keep the first and the last visit of each category', () => {
    const merged = summary({
      patientId: 'p_m',
      firstVisitDate: '2043-06-01',
      lastVisitDate: '2044-02-01',
      lastVisitId: 'v_9',
      lastVisitAt: '2044-02-01T02:00:00.000Z',
      lastCategory: 'implant',
      last: { implant: { date: '2044-02-01', visitId: 'v_9' }, cleaning: { date: '2043-06-01', visitId: 'v_8' } },
      implantSince: '2044-02-01',
      spendFen: 900,
      visitCount: 2,
    });
    expect(combinedSummary(merged, summary({ patientId: 'p_s' }), 'p_s')).toEqual({
      patientId: 'p_s',
      clinicId: 'c_1',
      firstVisitDate: '2043-06-01',
      lastVisitDate: '2044-02-01',
      lastVisitId: 'v_9',
      lastVisitAt: '2044-02-01T02:00:00.000Z',
      lastCategory: 'implant',
      last: { cleaning: { date: '2044-01-01', visitId: 'v_1' }, implant: { date: '2044-02-01', visitId: 'v_9' } },
      implantSince: '2044-02-01',
      spendFen: 1000,
      visitCount: 3,
    });
    expect(combinedSummary(merged, undefined, 'p_s')).toMatchObject({ patientId: 'p_s', spendFen: 900 });
  });

  it('adds a summary of spend only (a HIS charge before any visit there) to the spend, keeping the visits of the other', () => {
    const spendOnly = { patientId: 'p_m', clinicId: 'c_1', spendFen: 500, last: {} } as unknown as CareSummary;
    const visited = summary({ patientId: 'p_s' });
    expect(combinedSummary(spendOnly, visited, 'p_s')).toEqual({ ...visited, spendFen: 600 });
    expect(combinedSummary(summary({ patientId: 'p_m' }), { ...spendOnly, patientId: 'p_s' }, 'p_s')).toEqual({
      ...summary({ patientId: 'p_s' }),
      spendFen: 600,
    });
  });
});
