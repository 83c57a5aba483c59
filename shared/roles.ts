/**
 * Who may do what, named once: the route table, the services and the mini-program all use these
 * sets. A set is named for what its members do, not for who they are.
 */

/** Staff roles; every WeChat user is also a patient-side account. */
export const staffRoles = ['marketing', 'frontdesk', 'nurse', 'doctor', 'service', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];
export type Role = StaffRole | 'patient';
export type RoleSet = readonly StaffRole[];

/** Chinese labels for the staff area. */
export const roleLabels: Record<Role, string> = {
  patient: '患者',
  marketing: '市场专员',
  frontdesk: '前台',
  nurse: '护士',
  doctor: '医生',
  service: '客服',
  manager: '管理者',
  admin: '系统管理员',
};

/** Every staff member. */
export const anyStaff: RoleSet = staffRoles;

/** Roles that enter leads and own the records they enter. */
export const leadEntry: RoleSet = ['marketing', 'frontdesk', 'manager', 'admin'];

/** Roles that edit any record of their clinic (a marketer edits only the leads they own). */
export const recordEditors: RoleSet = ['frontdesk', 'manager', 'admin'];

/** The people around a visit: check-in, queue lists, day lists, a returning patient's history. */
export const clinical: RoleSet = ['frontdesk', 'nurse', 'doctor', 'manager', 'admin'];

/** Roles that call numbers and take walk-ins: the calling desk. */
export const queueCallers: RoleSet = ['frontdesk', 'nurse', 'doctor', 'admin'];

/** Roles that book, cancel and check in for any patient: the front desk. */
export const frontDesk: RoleSet = ['frontdesk', 'admin'];

/** Roles that record a visit (category, charge, next revisit date). */
export const visitRecorders: RoleSet = ['doctor', 'frontdesk', 'admin'];

/** Roles that run campaigns and read marketing figures (a marketer only their own). */
export const marketingTeam: RoleSet = ['marketing', 'manager', 'admin'];

/** Roles that run a clinic: staff, slots, targets, the clinic's figures. */
export const managers: RoleSet = ['manager', 'admin'];

/** The group admin: every clinic of the group. */
export const groupAdmins: RoleSet = ['admin'];

/** Roles that see a patient's full phone number: they call patients or check them in. */
export const fullPhoneRoles: RoleSet = ['frontdesk', 'service', 'admin'];

/** Roles that see the full ID-card number: registration at the front desk. */
export const fullIdCardRoles: RoleSet = ['frontdesk', 'admin'];

/** Roles that work the message centre: what went out, templates, job switches, resends. */
export const messageCenterRoles: RoleSet = ['service', 'manager', 'admin'];

/** Roles that work the follow-up calls (回访): today's list, claims, outcomes. */
export const followUpWorkers: RoleSet = ['service', 'manager', 'admin'];

/** Roles that work the monthly patient groups (患者分组): read them, make their calls, send their reminders. */
export const groupWorkers: RoleSet = ['service', 'manager', 'admin'];

/** Roles that record a patient's opt-out from marketing messages (asked by phone or at the desk). */
export const optOutRecorders: RoleSet = ['service', 'frontdesk', 'manager', 'admin'];

/** Roles that record a patient's request to delete their record (asked by phone or at the desk). */
export const deletionRecorders: RoleSet = ['service', 'frontdesk', 'manager', 'admin'];

/** The people who answer patients' questions (在线咨询): health content, so not marketing, not the manager. */
export const consultationWorkers: RoleSet = ['service', 'nurse', 'doctor', 'admin'];

/** Who a consultation may be passed to (转给医生) and who finds them under 转给我的. */
export const consultationAssignees: RoleSet = ['doctor'];

/** Roles that see medical history: the people treating the patient. */
export const healthDataRoles: RoleSet = ['frontdesk', 'nurse', 'doctor', 'admin'];

/** Anyone holding roles: a signed-in caller, a staff record, the mini-program's user. */
export interface HasRoles {
  roles: readonly string[];
  clinicId?: string;
}

/** True when one of the holder's roles is in the set. */
export function hasRole(holder: HasRoles, set: RoleSet): boolean {
  return holder.roles.some((r) => (set as readonly string[]).includes(r));
}

/** True for the group admin, who acts in every clinic. */
export function isGroupAdmin(holder: HasRoles): boolean {
  return hasRole(holder, groupAdmins);
}

/** Same clinic or group admin: whether the holder may act on a clinic's data. */
export function actsIn(holder: HasRoles, clinicId: string): boolean {
  return isGroupAdmin(holder) || holder.clinicId === clinicId;
}
