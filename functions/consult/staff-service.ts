import { NotFoundError } from '../../shared/errors';
import type { ListResult } from '../../shared/schemas/common';
import type {
  ConsultationAssignInput,
  ConsultationReplyInput,
  ConsultationsQuery,
  ConsultationThread,
  ConsultationView,
} from '../../shared/schemas/consultations';
import type { Ctx } from '../lib/context';

export async function listConsultations(_ctx: Ctx, _q: ConsultationsQuery): Promise<ListResult<ConsultationView>> {
  return { items: [] };
}
export async function getConsultation(_ctx: Ctx, _threadId: string): Promise<ConsultationThread> {
  throw new NotFoundError('patient');
}
export async function reply(_ctx: Ctx, _threadId: string, _input: ConsultationReplyInput): Promise<ConsultationThread> {
  throw new NotFoundError('patient');
}
export async function assignConsultation(
  _ctx: Ctx,
  _threadId: string,
  _input: ConsultationAssignInput,
): Promise<ConsultationThread> {
  throw new NotFoundError('patient');
}
export async function closeConsultation(_ctx: Ctx, _threadId: string): Promise<ConsultationThread> {
  throw new NotFoundError('patient');
}
