/**
 * The most items one page of a list carries. Apart from the zod schemas (schemas/common.ts re-exports
 * it) so that the mini-program's request layer reads it without loading zod on its first screen.
 */
export const MAX_PAGE = 100;
