import { normalizeName } from '../../shared/mask';
import { maskPhone, normalizePhone } from '../../shared/phone';
import { type Channel, channelLabels, channels } from '../../shared/schemas/common';
import { type ImportField, importFieldLabels } from '../../shared/schemas/imports';
import { type StaffCreatePatientInput, staffCreatePatientInput } from '../../shared/schemas/patient';

/** A member of the clinic an owner name can point at. */
export interface OwnerChoice {
  id: string;
  name: string;
}

/** What one row of the file becomes before anything is looked up: a record to write, or why not. */
export interface CheckedRow {
  row: number;
  name: string;
  maskedPhone: string;
  /** The normalised phone of a valid row (the key for duplicates in the file and on file). */
  phone?: string;
  /** The profile to write; absent when the row is invalid. */
  input?: Omit<StaffCreatePatientInput, 'idCardNo' | 'consents'>;
  owner?: OwnerChoice;
  /** Why the row is invalid, or a note on a valid one (an owner not found). */
  reason?: string;
  invalid: boolean;
}

const genders: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  male: 'male',
  female: 'female',
  m: 'male',
  f: 'female',
};

/** Channel words of old systems beyond our own labels. */
const channelWords: Record<string, Channel> = {
  ...Object.fromEntries(channels.map((c) => [c, c])),
  ...Object.fromEntries(channels.map((c) => [channelLabels[c], c])),
  自然到店: 'walk_in',
  到院: 'walk_in',
  转介绍: 'referral',
  朋友介绍: 'referral',
  老客户介绍: 'referral',
  活动: 'campaign',
  电话咨询: 'phone',
  网络咨询: 'online',
  企业: 'corporate',
};

/** A channel from a 来源渠道 cell: our labels (and the usual other words) by name, anything else 'other'. */
export function channelFrom(cell: string): Channel {
  return channelWords[cell.trim()] ?? channelWords[cell.trim().toLowerCase()] ?? 'other';
}

const schemaLabels: Record<string, ImportField> = {
  name: 'name',
  phone: 'phone',
  gender: 'gender',
  birthDate: 'birthDate',
  idCardNo: 'idCardNo',
  notes: 'notes',
};

/** A schema issue as a person reads it in the report: the column's name, then what is wrong. */
function reasonOf(issue: { path: PropertyKey[]; message: string }): string {
  const field = schemaLabels[String(issue.path[0])];
  const label = field ? importFieldLabels[field] : undefined;
  return label && !issue.message.startsWith(label.slice(0, 2)) ? `${label}：${issue.message}` : issue.message;
}

/**
 * One row checked by the same shared rules as a lead staff enter (names, phones, dates, the ID number's
 * check digit and its birth date, a child's guardian consent). Imported records carry no consents, so
 * a valid ID number is checked but not kept (it needs the health-data consent).
 */
export function checkRow(
  row: number,
  cells: string[],
  at: Partial<Record<ImportField, number>>,
  staffByName: Map<string, OwnerChoice[]>,
): CheckedRow {
  const cell = (f: ImportField) => (at[f] === undefined ? '' : (cells[at[f]] ?? '').trim());
  const name = normalizeName(cell('name'));
  const rawPhone = cell('phone');
  const phone = normalizePhone(rawPhone);
  // What the list and the report show: a name cut to 40 characters (a stored chunk stays under its limit).
  const shown = {
    row,
    name: name.slice(0, 40),
    maskedPhone: phone ? maskPhone(phone) : rawPhone ? maskPhone(rawPhone) : '',
  };
  const reasons: string[] = [];
  if (!name) reasons.push('姓名为空');
  if (!rawPhone) reasons.push('手机号为空');
  const genderCell = cell('gender');
  const gender = genderCell ? genders[genderCell.toLowerCase()] : undefined;
  if (genderCell && !gender) reasons.push('性别：应为“男”或“女”');
  const candidate = {
    name: name || '-',
    phone: rawPhone || '-',
    ...(gender ? { gender } : {}),
    ...(cell('birthDate') ? { birthDate: cell('birthDate') } : {}),
    ...(cell('idCardNo') ? { idCardNo: cell('idCardNo') } : {}),
    ...(cell('notes') ? { notes: cell('notes') } : {}),
    channel: channelFrom(cell('channel')),
  };
  // Checked as if the health-data consent were given, so that the ID number's own rules apply; the
  // number is then dropped and the record keeps no consent. A child's guardian rule still applies.
  const parsed = staffCreatePatientInput.safeParse({ ...candidate, consents: { healthData: true, marketing: false } });
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    if ((issue.path[0] === 'name' && !name) || (issue.path[0] === 'phone' && !rawPhone)) continue;
    reasons.push(reasonOf(issue));
  }
  if (!parsed.success || reasons.length > 0) return { ...shown, invalid: true, reason: reasons.join('；') };
  const { idCardNo: _dropped, consents: _none, ...input } = parsed.data;
  const ownerName = normalizeName(cell('owner'));
  const owners = ownerName ? (staffByName.get(ownerName) ?? []) : [];
  const note = !ownerName
    ? undefined
    : owners.length === 0
      ? `归属人“${ownerName}”不是本院员工，未设归属人`
      : owners.length > 1
        ? `本院有多位员工名为“${ownerName}”，未设归属人`
        : undefined;
  return {
    ...shown,
    phone: input.phone,
    input,
    ...(owners.length === 1 ? { owner: owners[0] } : {}),
    ...(note ? { reason: note } : {}),
    invalid: false,
  };
}
