/** One event of a record's audit trail as the manager's 审计记录 page shows it (labels in Chinese). */
export interface AuditEventView {
  /** Unique within the record's trail. */
  id: string;
  at: string;
  action: 'create' | 'read' | 'update' | 'search' | 'delete' | 'merge' | 'export' | 'handover';
  /** 查看, 修改, 删除 … */
  actionLabel: string;
  /** 'staff' with their name and role, or 'patient' (患者本人, through their own account). */
  actor: { kind: 'staff' | 'patient' | 'unknown'; label: string; staffId?: string };
  /** The clinic the actor acted from. */
  clinicName: string;
  /** A read from another clinic than the record's home clinic. */
  crossClinic: boolean;
  /** The fields read or changed, as labels (姓名, 手机号 …). */
  fields: string[];
  /** A correction field by field, old and new values masked as stored. */
  changes: { field: string; label: string; from?: string; to?: string }[];
  reason?: string;
}
