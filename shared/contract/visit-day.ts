import { pageQuery } from '../schemas/common';
import {
  bookInput,
  callNextInput,
  completeVisitInput,
  createSlotsInput,
  dayAppointmentsQuery,
  slotQuery,
  walkInInput,
} from '../schemas/visit-day';
import type { Contracts } from './types';
import { page } from './views/common';
import {
  appointmentView,
  boardView,
  createSlotsResult,
  slotView,
  staffTicketView,
  ticketView,
  visitView,
} from './views/visit-day';

const writes = ['CONFLICT', 'RATE_LIMITED'] as const;

/** The visit day: slots and appointments, check-in and the queue, the completed visit. */
export const visitDayContract = {
  createSlots: { summary: '按周模板批量开放预约时段', body: createSlotsInput, response: createSlotsResult },
  closeSlot: { summary: '停诊：关闭一个时段（已有预约保留）', response: slotView, errors: [...writes] },
  listSlots: { summary: '某科室某天的可预约时段', query: slotQuery, response: page(slotView) },
  book: {
    summary: '预约一个时段',
    body: bookInput,
    response: appointmentView,
    errors: ['SLOT_FULL', 'SLOT_CLOSED', 'SLOT_STARTED', 'ALREADY_BOOKED', ...writes],
  },
  myAppointments: { summary: '我的预约', query: pageQuery, response: page(appointmentView) },
  dayAppointments: { summary: '科室某天的预约名单', query: dayAppointmentsQuery, response: page(appointmentView) },
  cancel: { summary: '取消预约', response: appointmentView, errors: ['NOT_CANCELLABLE', 'SLOT_STARTED', ...writes] },

  checkIn: {
    summary: '到院签到，取排队号；已有号码时返回 200 和该号码',
    response: ticketView,
    success: [201, 200],
    errors: ['TICKET_STATE', 'NOT_CANCELLABLE', ...writes],
  },
  walkIn: {
    summary: '现场挂号：为患者取排队号；今天已有号码时返回 200 和该号码',
    body: walkInInput,
    response: ticketView,
    success: [201, 200],
    errors: [...writes],
  },
  queueTickets: { summary: '队列今天的号码（员工视图）', query: pageQuery, response: page(staffTicketView) },
  board: { summary: '候诊大屏：正在就诊和下几位（只显示号码和打码姓名）', response: boardView },
  callNext: { summary: '叫下一位', body: callNextInput, response: ticketView, errors: ['QUEUE_EMPTY', ...writes] },
  getTicket: { summary: '查看排队号', response: ticketView },
  myTickets: { summary: '我今天的排队号', query: pageQuery, response: page(ticketView) },
  recall: { summary: '重新叫号', response: ticketView, errors: ['TICKET_STATE', ...writes] },
  skip: { summary: '过号', response: ticketView, errors: ['TICKET_STATE', ...writes] },
  requeue: { summary: '过号后回到队列', response: ticketView, errors: ['TICKET_STATE', ...writes] },
  complete: { summary: '就诊结束', response: ticketView, errors: ['TICKET_STATE', ...writes] },

  completeVisit: {
    summary: '医生完成就诊：治疗项目、收费、复诊日期',
    body: completeVisitInput,
    response: visitView,
    errors: ['VISIT_EXISTS', 'TICKET_STATE', ...writes],
  },
  patientVisits: { summary: '患者的就诊记录', query: pageQuery, response: page(visitView) },
} satisfies Contracts;
