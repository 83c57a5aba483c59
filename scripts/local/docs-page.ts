import { type Role, roleLabels } from '../../shared/roles';

/** The reference page (/docs on the local stack): the OpenAPI document as one readable Chinese page. */

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as plain JSON
type Json = Record<string, any>;

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Text of the document: `value` in a description is shown as code (a field's values, a format). */
const prose = (s: unknown) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
/** An error answer's description, "冲突：SLOT_FULL、ALREADY_BOOKED": the codes as code. */
const errorProse = (s: unknown) => esc(s).replace(/[A-Z][A-Z_]+[A-Z]/g, '<code>$&</code>');

const methodWords: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' };
const placeWords: Record<string, string> = { path: '路径', query: '查询', header: '请求头' };

function accessText(access: unknown): string {
  if (access === 'public') return '无需登录';
  if (access === 'user') return '已登录的用户（患者或员工）';
  return Array.isArray(access) ? access.map((r) => roleLabels[r as Role] ?? r).join('、') : '';
}

/** A schema's type in a few characters: string, integer, "male | female", array<object> … */
function typeOf(s: Json | undefined): string {
  if (!s) return '任意';
  if (s.$ref) return String(s.$ref).split('/').pop()!;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return [...new Set((union as Json[]).map(typeOf))].join(' | ');
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (s.type === 'array') return `array<${typeOf(s.items)}>`;
  if (s.type === 'object' && !s.properties && s.additionalProperties) return `map<${typeOf(s.additionalProperties)}>`;
  return s.type ?? '任意';
}

/** Object fields, flattened two levels deep (consents.healthData), with the union's members merged. */
function fields(
  s: Json | undefined,
  prefix = '',
  depth = 0,
): { name: string; type: string; required: boolean; description: string }[] {
  if (!s) return [];
  const union = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (union?.every((m) => m.type === 'object')) {
    const seen = new Map<string, ReturnType<typeof fields>[number]>();
    for (const m of union) for (const f of fields(m, prefix, depth)) if (!seen.has(f.name)) seen.set(f.name, f);
    return [...seen.values()];
  }
  if (s.type === 'array' && s.items?.type === 'object' && depth < 2) return fields(s.items, `${prefix}[].`, depth);
  if (s.type !== 'object' || !s.properties) return [];
  const required = new Set<string>(s.required ?? []);
  return Object.entries(s.properties as Json).flatMap(([k, v]) => {
    const name = `${prefix}${k}`;
    const own = { name, type: typeOf(v), required: required.has(k), description: v.description ?? '' };
    const inner =
      depth < 2 && (v.type === 'object' || v.items?.type === 'object') ? fields(v, `${name}.`, depth + 1) : [];
    return [own, ...inner];
  });
}

function fieldTable(rows: ReturnType<typeof fields>, empty: string): string {
  if (!rows.length) return `<p class="none">${empty}</p>`;
  return `<table><thead><tr><th>字段</th><th>类型</th><th>必填</th><th>说明</th></tr></thead><tbody>${rows
    .map(
      (f) =>
        `<tr><td><code>${esc(f.name)}</code></td><td><code>${esc(f.type)}</code></td><td>${f.required ? '是' : '否'}</td><td>${prose(f.description)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function operationHtml(method: string, path: string, o: Json): string {
  const params = (o.parameters ?? []) as Json[];
  const paramRows = params.map((p) => ({
    name: `${p.name}（${placeWords[p.in] ?? p.in}）`,
    type: typeOf(p.schema),
    required: Boolean(p.required),
    description: p.description ?? p.schema?.description ?? '',
  }));
  const body = o.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(o.responses as Json);
  const success = responses.filter(([s]) => s.startsWith('2'));
  const errors = responses.filter(([s]) => !s.startsWith('2'));
  const answer = success
    .map(([s, r]) => {
      const types = Object.keys(r.content ?? {});
      const json = r.content?.['application/json']?.schema;
      const other = types.filter((t) => t !== 'application/json');
      return `<h4>成功答复 ${esc(s)}${other.length ? `（也可为 ${other.map((t) => `<code>${esc(t)}</code>`).join('、')}）` : ''}</h4>${
        json
          ? fieldTable(fields(json), '（无字段）')
          : `<p class="none"><code>${esc(types[0])}</code>：${prose(r.content?.[types[0]!]?.schema?.description ?? r.description)}</p>`
      }`;
    })
    .join('');
  return `<section class="op" id="${esc(o.operationId)}">
<h3><span class="m m-${method}">${methodWords[method] ?? method}</span> <code>${esc(path)}</code></h3>
<p class="sum">${prose(o.summary)}</p>
<p class="who">调用者：${esc(accessText(o['x-access']))}${o['x-local-only'] ? '（仅本地开发环境）' : ''}　·　接口名 <code>${esc(o.operationId)}</code></p>
<h4>参数</h4>${fieldTable(paramRows, '无')}
${body ? `<h4>请求内容${o.requestBody.required ? '' : '（可省略）'}</h4>${fieldTable(fields(body), '（空对象）')}` : ''}
${answer}
<h4>错误答复</h4><ul class="errs">${errors
    .map(([s, r]) => `<li><b><code>${esc(s === 'default' ? '5xx' : s)}</code></b> ${errorProse(r.description)}</li>`)
    .join('')}</ul>
</section>`;
}

/** The whole page: routes grouped by tag, a table of contents on top. */
export function renderDocsPage(doc: Json): string {
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const [method, o] of Object.entries(item as Json)) {
      const tag = (o.tags?.[0] as string) ?? '其他';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, o)]);
      toc.set(tag, [...(toc.get(tag) ?? []), `<a href="#${esc(o.operationId)}">${prose(o.summary)}</a>`]);
    }
  }
  const tags = ((doc.tags ?? []) as Json[]).map((t) => t.name as string).filter((t) => byTag.has(t));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} 接口文档</title><style>
body{font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:22px;margin:40px 0 12px;padding-bottom:6px;border-bottom:2px solid #d0d7de}
h3{font-size:18px;margin:0 0 6px}h4{font-size:15px;margin:14px 0 6px;color:#57606a}
.op{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:0 0 16px}
.m{display:inline-block;min-width:64px;text-align:center;border-radius:4px;color:#fff;font-size:14px;padding:2px 6px}
.m-get{background:#0969da}.m-post{background:#1a7f37}.m-put{background:#9a6700}.m-patch{background:#8250df}.m-delete{background:#cf222e}
.sum{font-size:17px;margin:4px 0}.who{color:#57606a;margin:0}.none{color:#57606a;margin:4px 0}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td:nth-child(1),td:nth-child(3),th:nth-child(3){white-space:nowrap}td:nth-child(2){max-width:360px}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
.errs{margin:4px 0;padding-left:20px;font-size:14px}nav{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 20px}
nav h2{margin-top:8px;font-size:18px;border:0}nav div{margin:4px 0}nav a{margin-right:14px;color:#0969da;text-decoration:none;font-size:14px}
</style></head><body><main>
<h1>${esc(doc.info.title)} 接口文档</h1>
<p>版本 ${esc(doc.info.version)}　·　OpenAPI ${esc(doc.openapi)}　·　机器可读的文档：<a href="/v1/openapi.json"><code>/v1/openapi.json</code></a></p>
<p>${prose(doc.info.description)}登录后在请求头中带上 <code>Authorization: Bearer 令牌</code>；创建类请求带上 <code>Idempotency-Key</code>，重试时不会重复创建。</p>
<nav><h2>目录</h2>${tags.map((t) => `<div><b>${esc(t)}</b>：${toc.get(t)!.join('')}</div>`).join('')}</nav>
${tags.map((t) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2>${byTag.get(t)!.join('')}`).join('')}
</main></body></html>`;
}
