import { NotFoundError } from '../../shared/errors';
import type { ConsultationPhotoInput, ConsultationPhotoView } from '../../shared/schemas/consultations';
import type { Ctx } from '../lib/context';

export async function uploadPhoto(_ctx: Ctx, _input: ConsultationPhotoInput): Promise<{ photoId: string }> {
  throw new NotFoundError('patient');
}
export async function consultationPhoto(
  _ctx: Ctx,
  _threadId: string,
  _photoId: string,
): Promise<ConsultationPhotoView> {
  throw new NotFoundError('patient');
}
