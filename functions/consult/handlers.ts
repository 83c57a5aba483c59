import { routes } from '../../shared/routes';
import {
  consultationAssignInput,
  consultationInput,
  consultationMessageInput,
  consultationPhotoInput,
  consultationReplyInput,
  consultationsQuery,
  myConsultationsQuery,
} from '../../shared/schemas/consultations';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { addMyMessage, createConsultation, getMyConsultation, listMyConsultations } from './patient-service';
import { PHOTO_BODY_MAX_BYTES } from './photo-limits';
import { consultationPhoto, uploadPhoto } from './photo-service';
import { assignConsultation, closeConsultation, getConsultation, listConsultations, reply } from './staff-service';

export const handlers = {
  createConsultation: creating(routes.createConsultation, {
    keptBy: keptInIdempotencyTable,
    body: consultationInput,
    run: ({ ctx, body }) => createConsultation(ctx, body),
  }),
  uploadConsultationPhoto: creating(routes.uploadConsultationPhoto, {
    keptBy: keptInIdempotencyTable,
    body: consultationPhotoInput,
    maxBodyBytes: PHOTO_BODY_MAX_BYTES,
    run: ({ ctx, body }) => uploadPhoto(ctx, body),
  }),
  listMyConsultations: endpoint(routes.listMyConsultations, {
    query: myConsultationsQuery,
    run: ({ ctx, query }) => listMyConsultations(ctx, query),
  }),
  getMyConsultation: endpoint(routes.getMyConsultation, {
    run: ({ ctx, params }) => getMyConsultation(ctx, params.threadId),
  }),
  addConsultationMessage: creating(routes.addConsultationMessage, {
    keptBy: keptInIdempotencyTable,
    body: consultationMessageInput,
    run: ({ ctx, params, body }) => addMyMessage(ctx, params.threadId, body),
  }),
  consultationPhoto: endpoint(routes.consultationPhoto, {
    run: ({ ctx, params }) => consultationPhoto(ctx, params.threadId, params.photoId),
  }),
  listConsultations: endpoint(routes.listConsultations, {
    query: consultationsQuery,
    run: ({ ctx, query }) => listConsultations(ctx, query),
  }),
  getConsultation: endpoint(routes.getConsultation, {
    run: ({ ctx, params }) => getConsultation(ctx, params.threadId),
  }),
  replyConsultation: creating(routes.replyConsultation, {
    keptBy: keptInIdempotencyTable,
    body: consultationReplyInput,
    run: ({ ctx, params, body }) => reply(ctx, params.threadId, body),
  }),
  assignConsultation: endpoint(routes.assignConsultation, {
    body: consultationAssignInput,
    run: ({ ctx, params, body }) => assignConsultation(ctx, params.threadId, body),
  }),
  closeConsultation: endpoint(routes.closeConsultation, {
    run: ({ ctx, params }) => closeConsultation(ctx, params.threadId),
  }),
};
