import { normalizeName } from '../../shared/mask';
import { ALREADY_ON_FILE, DUPLICATE_IN_FILE, type ImportCounts, importFieldLabels } from '../../shared/schemas/imports';
import { listStaff } from '../auth/identity-repository';
import { lookupHash } from '../lib/crypto';
import type { CheckCell } from './import-repository';
import { phoneHolders } from './import-repository';
import { fieldPositions, type Mapping, missingFields } from './mapping';
import { type CheckedRow, checkRow, type OwnerChoice } from './row-check';
import type { SheetRow } from './sheet';

/** The clinic's active staff by name, for the 归属人 column. */
export async function staffByName(clinicId: string): Promise<Map<string, OwnerChoice[]>> {
  const out = new Map<string, OwnerChoice[]>();
  for (const s of await listStaff(clinicId)) {
    if (s.deactivatedAt) continue;
    const key = normalizeName(s.name);
    out.set(key, [...(out.get(key) ?? []), { id: s.id, name: s.name }]);
  }
  return out;
}

/** Runs `work` over `items` with at most `n` at a time. */
export async function inParallel<T>(items: T[], n: number, work: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Who holds each phone now, for many phones: keyed hashes looked up 100 a call, 4 calls at a time. */
export async function holdersOf(phones: string[]): Promise<Map<string, { patientId: string }>> {
  const hashes = new Map<string, string>();
  for (const p of phones) hashes.set(p, await lookupHash('phone', p));
  const groups: string[][] = [];
  const all = [...hashes.values()];
  for (let i = 0; i < all.length; i += 100) groups.push(all.slice(i, i + 100));
  const byHash = new Map<string, { patientId: string }>();
  await inParallel(groups, 8, async (g) => {
    for (const [h, owner] of await phoneHolders(g)) byHash.set(h, owner);
  });
  const out = new Map<string, { patientId: string }>();
  for (const [phone, h] of hashes) {
    const owner = byHash.get(h);
    if (owner) out.set(phone, owner);
  }
  return out;
}

/** Rows checked against the mapping, each knowing whether an earlier valid row of the file had its phone. */
export function checkAll(
  headers: string[],
  mapping: Mapping,
  rows: SheetRow[],
  staff: Map<string, OwnerChoice[]>,
): (CheckedRow & { duplicate: boolean })[] {
  const missing = missingFields(mapping);
  if (missing.length > 0) {
    const reason = `未指定${missing.map((f) => `“${importFieldLabels[f]}”`).join('、')}列`;
    return rows.map((r) => ({
      ...checkRow(r.row, r.cells, fieldPositions(headers, mapping), staff),
      invalid: true,
      reason,
      duplicate: false,
      input: undefined,
    }));
  }
  const at = fieldPositions(headers, mapping);
  const seen = new Set<string>();
  return rows.map((r) => {
    const c = checkRow(r.row, r.cells, at, staff);
    const duplicate = !c.invalid && c.phone !== undefined && seen.has(c.phone);
    if (c.phone && !c.invalid) seen.add(c.phone);
    return { ...c, duplicate };
  });
}

/** The preview: every row's verdict (new, on file by phone, repeated in the file, invalid) and the counts. */
export async function previewOf(
  headers: string[],
  mapping: Mapping,
  rows: SheetRow[],
  clinicId: string,
): Promise<{ cells: CheckCell[]; counts: ImportCounts }> {
  const checked = checkAll(headers, mapping, rows, await staffByName(clinicId));
  const firsts = checked.filter((c) => !c.invalid && !c.duplicate).map((c) => c.phone as string);
  const held = await holdersOf(firsts);
  const counts: ImportCounts = { new: 0, existing: 0, invalid: 0, duplicate: 0 };
  const cells = checked.map((c): CheckCell => {
    const shown = { row: c.row, name: c.name, maskedPhone: c.maskedPhone };
    if (c.invalid) {
      counts.invalid++;
      return { ...shown, status: 'invalid', reason: c.reason };
    }
    if (c.duplicate) {
      counts.duplicate++;
      return { ...shown, status: 'existing', reason: DUPLICATE_IN_FILE };
    }
    if (held.has(c.phone as string)) {
      counts.existing++;
      return { ...shown, status: 'existing', reason: ALREADY_ON_FILE };
    }
    counts.new++;
    return { ...shown, status: 'new', ...(c.reason ? { reason: c.reason } : {}) };
  });
  return { cells, counts };
}
