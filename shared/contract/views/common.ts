import * as z from 'zod';

/** One page of a list: `items`, and `nextCursor` when there is a next page (pass it back as `cursor`). */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().optional().meta({ description: '下一页的游标；没有下一页时不返回' }),
  });

/** An instant, ISO 8601 with offset. */
export const instant = z.string().meta({ description: '时间（`ISO 8601`，带时区）', format: 'date-time' });
/** A calendar day, YYYY-MM-DD (Asia/Shanghai). */
export const day = z.string().meta({ description: '日期（`YYYY-MM-DD`，北京时间）', format: 'date' });
/** Money in integer fen. */
export const fen = z.number().int().meta({ description: '金额（分）' });
/** A rate 0..1 or null when there is nothing to divide by. */
export const rate = z.number().nullable().meta({ description: '比率（0–1）；无法计算时为 `null`' });
/** A phone masked as 138****1234. */
export const maskedPhone = z.string().meta({ description: '打码的手机号（`138****1234`）' });
