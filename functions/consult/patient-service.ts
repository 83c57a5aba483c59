import { NotFoundError } from '../../shared/errors';
import type { ListResult } from '../../shared/schemas/common';
import type {
  ConsultationInput,
  ConsultationMessageInput,
  ConsultationThread,
  ConsultationView,
  MyConsultationsQuery,
} from '../../shared/schemas/consultations';
import type { Ctx } from '../lib/context';

export async function createConsultation(_ctx: Ctx, _input: ConsultationInput): Promise<ConsultationThread> {
  throw new NotFoundError('patient');
}
export async function listMyConsultations(_ctx: Ctx, _q: MyConsultationsQuery): Promise<ListResult<ConsultationView>> {
  return { items: [] };
}
export async function getMyConsultation(_ctx: Ctx, _threadId: string): Promise<ConsultationThread> {
  throw new NotFoundError('patient');
}
export async function addMyMessage(
  _ctx: Ctx,
  _threadId: string,
  _input: ConsultationMessageInput,
): Promise<ConsultationThread> {
  throw new NotFoundError('patient');
}
