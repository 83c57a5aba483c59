import * as z from 'zod';
import { type Category, idParam, pageFields } from './common';

/** One line a patient reads: short enough for large text on a phone or a TV. */
const line = z.string().trim().min(1, { message: '内容不能为空行' }).max(60, { message: '每行最多 60 字，请拆成两行' });

const title = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `请填写${what}标题` })
    .max(20, { message: `${what}标题最多 20 字` });

/** A manager's text of one category's care instructions (术后须知). */
export const updateCareInstructionsInput = z.strictObject({
  clinicId: idParam.optional(),
  title: title('须知'),
  lines: z.array(line).min(1, { message: '请至少写一条须知' }).max(8, { message: '须知最多 8 条' }),
});
export type UpdateCareInstructionsInput = z.infer<typeof updateCareInstructionsInput>;

export const careInstructionsQuery = z.strictObject({ clinicId: idParam.optional(), ...pageFields });

/** One education item of a department (候诊宣教): a title and one to three lines. */
export const educationItem = z.strictObject({
  title: title('宣教'),
  lines: z.array(line).min(1, { message: '每条宣教至少一行' }).max(3, { message: '每条宣教最多 3 行' }),
  /** Unpublished items are kept for editing and shown to no patient. */
  published: z.boolean().default(true),
});
export type EducationItem = z.infer<typeof educationItem>;

export const updateEducationInput = z.strictObject({
  items: z.array(educationItem).min(1, { message: '请至少保留一条宣教' }).max(12, { message: '宣教最多 12 条' }),
});
export type UpdateEducationInput = z.infer<typeof updateEducationInput>;

export const educationQuery = z.strictObject({ departmentId: idParam, ...pageFields });

/** A category's care instructions as a patient or a manager reads them. */
export interface CareInstructionsView {
  category: Category;
  title: string;
  lines: string[];
  /** True while the clinic keeps the default text. */
  isDefault: boolean;
  updatedAt?: string;
}

/** A department's education items: only published ones reach a patient or the waiting-room screen. */
export interface EducationView {
  departmentId: string;
  departmentName: string;
  items: EducationItem[];
  isDefault: boolean;
  updatedAt?: string;
}
