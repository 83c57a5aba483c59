/** Staff roles; every WeChat user is also a patient-side account. */
export const staffRoles = ['marketing', 'frontdesk', 'nurse', 'doctor', 'service', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];
export type Role = StaffRole | 'patient';

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

/** Roles that enter leads and own the records they enter. */
export const leadEntryRoles: readonly StaffRole[] = ['marketing', 'frontdesk', 'manager', 'admin'];

/** Roles that see a patient's full phone number: they call patients or check them in. */
export const fullPhoneRoles: readonly StaffRole[] = ['frontdesk', 'service', 'admin'];

/** Roles that see the full ID-card number: registration at the front desk. */
export const fullIdCardRoles: readonly StaffRole[] = ['frontdesk', 'admin'];

/** Roles that see medical history: the people treating the patient. */
export const healthDataRoles: readonly StaffRole[] = ['frontdesk', 'nurse', 'doctor', 'admin'];
