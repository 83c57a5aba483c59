import * as z from 'zod';
import type { Contracts } from './types';

/**
 * The OpenAPI document itself: its top level is described; what lies under `paths` and `components`
 * is the OpenAPI 3.1 format's own (free-form here: the document validates against that format's schema).
 */
export const openApiDocumentView = z.object({
  openapi: z.string().meta({ description: 'OpenAPI 版本（3.1.x）' }),
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  servers: z.array(z.object({ url: z.string(), description: z.string().optional() })).optional(),
  tags: z.array(z.object({ name: z.string(), description: z.string().optional() })).optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())).meta({ description: '各接口（OpenAPI 格式）' }),
  components: z.record(z.string(), z.unknown()).optional(),
});

/** The published contract. */
export const docsContract = {
  openApiDocument: {
    summary: '本接口文档（OpenAPI 3.1，由路由表和共享的数据模式生成）',
    response: openApiDocumentView,
  },
} satisfies Contracts;
