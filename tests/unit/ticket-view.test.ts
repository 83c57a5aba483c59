import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueueState } from '../../functions/queue/queue-repository';
import type { TicketRecord } from '../../functions/queue/ticket-repository';
import { ticketView } from '../../functions/queue/ticket-view';
import { ticketStatuses } from '../../shared/schemas/visit-day';

const ticket = (overrides: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'tk_q_20260217_1',
  queueId: 'q',
  clinicId: 'c_test',
  clinicName: '测试口腔门诊',
  departmentName: '正畸科',
  date: '2026-02-17',
  number: 1,
  displayNumber: 'A001',
  status: 'waiting',
  seq: 1000,
  patientId: 'p_1',
  patientName: '孙小美',
  maskedName: '孙*美',
  vip: false,
  tags: [],
  visitCount: 0,
  createdAt: '2026-02-17T00:59:00.000Z',
  ...overrides,
});

const state = (servingTicketId?: string, displayNumber = 'A001'): QueueState => ({
  queueId: 'q',
  date: '2026-02-17',
  clinicId: 'c_test',
  departmentName: '正畸科',
  prefix: 'A',
  defaultServiceMinutes: 20,
  lastNumber: 3,
  callSeq: 1,
  doneCount: 0,
  serviceMsTotal: 0,
  ...(servingTicketId
    ? {
        nowServing: {
          ticketId: servingTicketId,
          displayNumber,
          maskedName: '孙*美',
          room: '3',
          calledAt: '2026-02-17T01:00:00.000Z',
          callSeq: 1,
        },
      }
    : {}),
});

describe('ticketView', () => {
  it('never tells a ticket that is not being called that its own number is served', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ticketStatuses.filter((s) => s !== 'called')), fc.nat(5), (status, ahead) => {
        const t = ticket({ status });
        expect(ticketView(t, state(t.id), ahead).nowServing).toBeNull();
      }),
    );
  });

  it('shows a called ticket its own number as the one served', () => {
    const t = ticket({ status: 'called', room: '3' });
    expect(ticketView(t, state(t.id), 0)).toMatchObject({ nowServing: 'A001', ahead: 0, etaMinutes: 0 });
  });

  it('shows a waiting ticket the number someone else is served with, who is ahead and the wait', () => {
    const t = ticket({ id: 'tk_q_20260217_2', number: 2, displayNumber: 'A002' });
    expect(ticketView(t, state('tk_q_20260217_1'), 2)).toMatchObject({ nowServing: 'A001', ahead: 2, etaMinutes: 40 });
  });

  it('shows nobody served when the queue serves nobody', () => {
    expect(ticketView(ticket(), state(), 0).nowServing).toBeNull();
  });

  it('names the clinic', () => {
    expect(ticketView(ticket(), state(), 0).clinicName).toBe('测试口腔门诊');
  });
});
