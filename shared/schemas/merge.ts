import * as z from 'zod';
import { idParam } from './common';
import type { StaffPatientView } from './patient';

/** `GET /v1/patients/{patientId}/merge-preview?with=`: the other record of the same person. */
export const mergePreviewQuery = z.strictObject({ with: idParam });
export type MergePreviewQuery = z.infer<typeof mergePreviewQuery>;

/** `POST /v1/patients/merges`: everything of `mergedId` moves to `survivorId`. */
export const mergePatientsInput = z.strictObject({
  survivorId: idParam,
  mergedId: idParam,
  reason: z.string().trim().max(200, { message: '合并原因最多 200 字' }).optional(),
});
export type MergePatientsInput = z.infer<typeof mergePatientsInput>;

/** What a record holds, kind by kind (what a merge moves). */
export interface MergeCounts {
  visits: number;
  appointments: number;
  tickets: number;
  consents: number;
  messages: number;
  surveyAnswers: number;
  followUps: number;
}

/** The kinds counted, with their Chinese labels (the side-by-side view's rows). */
export const mergeCountLabels: Record<keyof MergeCounts, string> = {
  visits: '就诊',
  appointments: '预约',
  tickets: '排队号',
  consents: '同意记录',
  messages: '消息',
  surveyAnswers: '评价',
  followUps: '回访',
};

/** One side of the side-by-side view. */
export interface MergeSide {
  patient: StaffPatientView;
  counts: MergeCounts;
}

/** A field the two records hold differently: both values, as the caller may see them. */
export interface MergeConflict {
  field: 'name' | 'gender' | 'birthDate' | 'idCardNo';
  left?: string;
  right?: string;
}

export interface MergePreview {
  left: MergeSide;
  right: MergeSide;
  /** The earlier-created record: it survives by default and keeps the attribution either way. */
  suggestedSurvivorId: string;
  attributionFromId: string;
  conflicts: MergeConflict[];
}

export interface MergeResult {
  survivorId: string;
  mergedId: string;
  /** What moved from the merged record, kind by kind. */
  moved: MergeCounts;
  survivor: StaffPatientView;
}
