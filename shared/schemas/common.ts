import * as z from 'zod';
import { isRealDate, normalizeDateInput } from '../dates';
import { MAX_PAGE } from '../paging';
import { normalizePhone } from '../phone';

/** A calendar date, YYYY-MM-DD; what a person types ("1960-2-3", "1960年2月3日") is read as that date. */
export const dateString = z
  .string()
  .transform(normalizeDateInput)
  .superRefine((s, ctx) => {
    if (!s) ctx.addIssue({ code: 'custom', message: '请填写日期' });
    else if (!isRealDate(s)) ctx.addIssue({ code: 'custom', message: '日期不正确，请按“1990-01-31”的样子填写' });
  });

/** A mainland mobile number in any usual spelling, normalised to 11 digits. */
export const phoneNumber = z.string().transform((s, ctx) => {
  const phone = normalizePhone(s);
  if (!phone) {
    ctx.addIssue({ code: 'custom', message: '请输入正确的 11 位手机号' });
    return z.NEVER;
  }
  return phone;
});

export const channels = [
  'walk_in',
  'wechat',
  'campaign',
  'referral',
  'phone',
  'online',
  'community',
  'street',
  'corporate',
  'other',
] as const;
export const channel = z.enum(channels);
export type Channel = z.infer<typeof channel>;

/** Chinese labels for channels, for staff forms and reports. */
export const channelLabels: Record<Channel, string> = {
  walk_in: '自然到院',
  wechat: '微信',
  campaign: '活动二维码',
  referral: '老带新',
  phone: '电话',
  online: '网络',
  community: '社区',
  street: '地推',
  corporate: '企业体检',
  other: '其他',
};

/** Treatment categories; also what a patient may be interested in (needs). */
export const categories = [
  'orthodontic',
  'prosthetic',
  'implant',
  'periodontal',
  'endodontic',
  'pediatric',
  'cleaning',
  'extraction',
  'cosmetic',
  'general',
] as const;
export const category = z.enum(categories);
export type Category = z.infer<typeof category>;

export const categoryLabels: Record<Category, string> = {
  orthodontic: '正畸',
  prosthetic: '修复',
  implant: '种植',
  periodontal: '牙周',
  endodontic: '根管',
  pediatric: '儿童口腔',
  cleaning: '洁牙',
  extraction: '拔牙',
  cosmetic: '美白美容',
  general: '综合检查',
};

/** An id in a path or a body: letters, digits and `_ - . :`, as every id the API makes. */
export const idParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$/, { message: '编号不正确' });

export { MAX_PAGE };

/** Paging of every list: `limit` (1–100) and the `cursor` a previous page answered as `nextCursor`. */
export const pageFields = {
  limit: z.coerce
    .number({ message: '每页条数应为 1 到 100 的整数' })
    .int({ message: '每页条数应为 1 到 100 的整数' })
    .min(1, { message: '每页条数应为 1 到 100 的整数' })
    .max(MAX_PAGE, { message: `每页最多 ${MAX_PAGE} 条` })
    .optional(),
  cursor: z.string().min(1).max(2000).optional(),
};

/** A list route's query when paging is all it takes. */
export const pageQuery = z.strictObject(pageFields);
export type PageQuery = z.infer<typeof pageQuery>;

/** A list answer: one page of items, and where the next page starts when there is one. */
export interface ListResult<T> {
  items: T[];
  nextCursor?: string;
}
