/** A field issue of a 400 answer (services/request's FieldIssue; kept import-free for unit tests). */
interface FieldIssue {
  path: string;
  message: string;
}

/** A textarea's text as lines: one per line typed, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * The server's field issues under `prefix` (e.g. 'items.2'), in words a manager reads beside the
 * field: 'lines.1' becomes “第 2 行：…”.
 */
export function issuesAt(fields: FieldIssue[], prefix: string): { title: string; lines: string } {
  const under = fields.filter((f) => (prefix ? f.path.startsWith(`${prefix}.`) : true));
  const rest = (f: FieldIssue) => (prefix ? f.path.slice(prefix.length + 1) : f.path);
  const title = under.find((f) => rest(f) === 'title')?.message ?? '';
  const lines = under
    .filter((f) => rest(f).startsWith('lines'))
    .map((f) => {
      const n = /^lines\.(\d+)$/.exec(rest(f));
      return n ? `第 ${Number(n[1]) + 1} 行：${f.message}` : f.message;
    })
    .join('\n');
  return { title, lines };
}
