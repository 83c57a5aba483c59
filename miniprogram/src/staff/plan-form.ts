// Import-free (like care-form.ts), so unit tests run it without the mini-program's aliases.

/** A plan row as the server holds it (shared/schemas/follow-ups PlanRow). */
interface Row {
  daysAfter: number;
  kind: 'call' | 'survey' | 'message';
  role: string;
}

/** A plan row as the editor holds it: the days as typed. */
export interface DraftRow {
  days: string;
  kind: Row['kind'];
  role: string;
}

/** A field issue of a 400 answer (services/request's FieldIssue; kept import-free for unit tests). */
interface FieldIssue {
  path: string;
  message: string;
}

export const draftsOf = (rows: Row[]): DraftRow[] =>
  rows.map((r) => ({ days: String(r.daysAfter), kind: r.kind, role: r.role }));

/** The rows to send: whole numbers as numbers; anything else as typed, for the server to name in Chinese. */
export function rowsToSend(drafts: DraftRow[]): unknown[] {
  return drafts.map((d) => {
    const t = d.days.trim();
    return { daysAfter: /^\d{1,4}$/.test(t) ? Number(t) : t, kind: d.kind, role: d.role };
  });
}

/** The server's issues row by row (rows.2.daysAfter → row 2), and those about the plan as a whole. */
export function issuesByRow(fields: FieldIssue[]): { rows: Record<number, string>; plan: string } {
  const rows: Record<number, string> = {};
  const plan: string[] = [];
  for (const f of fields) {
    const m = /^rows\.(\d+)(\.|$)/.exec(f.path);
    if (m) {
      const i = Number(m[1]);
      rows[i] = rows[i] ? `${rows[i]}；${f.message}` : f.message;
    } else plan.push(f.message);
  }
  return { rows, plan: plan.join('；') };
}
