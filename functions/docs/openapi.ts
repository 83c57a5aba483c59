import * as z from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { version } from '../../package.json';
import { contractOf, type FileAnswer, type RouteContract } from '../../shared/contract';
import { type ErrorCode, errorStatus, statusFor } from '../../shared/errors';
import { roleLabels } from '../../shared/roles';
import { type HandlerGroup, pathParamNames, type RouteDef, type RouteName, routeList } from '../../shared/routes';
import { idParam } from '../../shared/schemas/common';

export type OpenApiDocument = ReturnType<typeof createDocument>;

/** Each handler group is a tag of the document, named in Chinese. */
export const groupTags: Record<HandlerGroup, string> = {
  auth: '登录与账号',
  clinics: '门诊与科室',
  staff: '员工',
  patients: '患者档案',
  booking: '预约',
  queue: '排队叫号',
  visits: '就诊与 HIS',
  campaigns: '推广活动',
  stats: '业绩统计',
  messaging: '消息',
  followup: '回访',
  care: '术后须知与宣教',
  reports: '报表',
  surveys: '满意度评价',
  groups: '患者分组',
  docs: '接口文档',
  consult: '在线咨询',
  imports: '患者导入',
};

/** The one error answer of every route. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]).meta({ description: '错误代码' }),
      message: z.string().meta({ description: '给人看的说明（中文）' }),
      details: z.unknown().optional().meta({ description: '细节，如出错的字段（随错误而定）' }),
    }),
  })
  .meta({ id: 'ErrorBody', description: '错误答复：{error:{code,message,details}}' });

const statusWords: Record<number, string> = {
  400: '请求不正确',
  401: '未登录或凭证无效',
  403: '没有权限',
  404: '没有找到',
  409: '冲突',
  410: '已失效',
  413: '请求内容过大',
  415: '请以 JSON 提交',
  422: '幂等键已用于另一请求',
  429: '请求过于频繁',
  503: '上游服务不可用',
};

const isFile = (r: RouteContract['response']): r is FileAnswer => 'contentType' in r && !('_zod' in r);

/** Who may call a route, in Chinese (roles via roleLabels). */
export function accessLabel(r: RouteDef): string {
  if (r.access === 'public') return '无需登录';
  if (r.access === 'user') return '已登录的用户';
  return r.access.map((role) => roleLabels[role]).join('、');
}

/** The error statuses a route may answer, each with the codes behind it. */
export function errorCodesOf(r: RouteDef, c: RouteContract): Map<number, string[]> {
  const codes: string[] = [...(c.errors ?? [])];
  if (c.body || c.query || pathParamNames(r.path).length) codes.push('VALIDATION_FAILED');
  if (c.body) codes.push('MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  if (r.access !== 'public') codes.push('UNAUTHENTICATED');
  if (Array.isArray(r.access)) codes.push('FORBIDDEN');
  if (pathParamNames(r.path).length) codes.push('NOT_FOUND');
  if (r.creates) codes.push('REQUEST_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED');
  const byStatus = new Map<number, string[]>();
  for (const code of new Set(codes)) {
    const s = statusFor(code);
    byStatus.set(s, [...(byStatus.get(s) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

function content(answer: z.ZodType | FileAnswer, alternative?: FileAnswer) {
  const main = isFile(answer)
    ? {
        [answer.contentType]: {
          schema: { type: 'string' as const, format: 'binary', description: answer.description },
        },
      }
    : { 'application/json': { schema: answer } };
  const alt = alternative
    ? { [alternative.contentType]: { schema: { type: 'string' as const, description: alternative.description } } }
    : {};
  return { ...main, ...alt };
}

function operation(r: RouteDef & { name: RouteName }, c: RouteContract): ZodOpenApiOperationObject {
  const names = pathParamNames(r.path);
  const path = names.length ? z.object(Object.fromEntries(names.map((n) => [n, c.params?.[n] ?? idParam]))) : undefined;
  if (c.query && !(c.query instanceof z.ZodObject)) throw new Error(`${r.name}: a query schema must be an object`);
  const header = z.object({
    ...(r.creates
      ? {
          'idempotency-key': z
            .string()
            .max(200)
            .optional()
            .meta({ description: '幂等键：同一键重试时返回第一次的结果，只执行一次（每个客户端都会发送）' }),
        }
      : {}),
    ...(c.signed?.headers ?? {}),
  });
  const success = c.success ?? [r.creates ? 201 : 200];
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const s of success)
    responses[s] = { description: s === 202 ? '已收到，待核对' : '成功', content: content(c.response, c.alternative) };
  for (const [s, codes] of errorCodesOf(r, c)) {
    responses[s] = {
      description: `${statusWords[s] ?? '错误'}：${codes.join('、')}`,
      content: { 'application/json': { schema: errorBody } },
    };
  }
  responses.default = { description: '服务器错误', content: { 'application/json': { schema: errorBody } } };
  const requestBody = c.body
    ? { required: !c.body.safeParse(undefined).success, content: { 'application/json': { schema: c.body } } }
    : undefined;
  return {
    operationId: r.name,
    summary: c.summary,
    description: `调用者：${accessLabel(r)}${r.localOnly ? '（仅本地开发环境）' : ''}`,
    tags: [groupTags[r.group]],
    ...(r.access === 'public' ? { security: c.signed ? [{ [c.signed.scheme]: [] }] : [] } : {}),
    requestParams: {
      ...(path ? { path } : {}),
      ...(c.query ? { query: c.query as z.ZodObject } : {}),
      ...(Object.keys(header.shape).length ? { header } : {}),
    },
    ...(requestBody ? { requestBody } : {}),
    responses: responses as ZodOpenApiOperationObject['responses'],
    'x-access': r.access,
    ...(r.localOnly ? { 'x-local-only': true } : {}),
  };
}

/** The OpenAPI 3.1 document of every route of the table, from its contract. */
export function buildOpenApiDocument(): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  // A signing caller's scheme: an API key in its signature header (the other headers are the operation's parameters).
  const signed = new Map<string, { description: string; header: string }>();
  for (const r of routeList) {
    const c: RouteContract = contractOf(r.name);
    if (c.signed) {
      const names = Object.keys(c.signed.headers);
      const header = names.find((n) => n.endsWith('signature')) ?? names[0] ?? 'authorization';
      signed.set(c.signed.scheme, { description: c.signed.description, header });
    }
    paths[r.path] = { ...paths[r.path], [r.method.toLowerCase()]: operation(r, c) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'PatientLoop API',
      version,
      description: '患者全流程管理系统的接口：经 HTTPS 以 JSON 收发，路径以 `/v1` 开头；错误答复统一为 `ErrorBody`。',
    },
    servers: [{ url: '/', description: '本服务（本地为 http://127.0.0.1:3000）' }],
    tags: Object.values(groupTags).map((name) => ({ name })),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: '登录（/v1/auth/wechat）得到的访问令牌' },
        ...Object.fromEntries(
          [...signed].map(([scheme, { description, header }]) => [
            scheme,
            { type: 'apiKey' as const, in: 'header' as const, name: header, description },
          ]),
        ),
      },
    },
    paths,
  });
}

let cached: OpenApiDocument | undefined;

/** The document, built once per container (the contract does not change while it runs). */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
