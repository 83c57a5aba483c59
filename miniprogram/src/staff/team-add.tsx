import { isGroupAdmin, type Role, roleLabels, type StaffRole, staffRoles } from '@shared/roles';
import type { InviteView, MeView } from '@shared/schemas/auth';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import FormField from '../components/FormField';
import { ApiError, messageOf } from '../services/request';
import { createStaff } from '../services/staff';
import { InviteCode } from './team-invite';

/** 添加员工: a name and roles; the answer's invite code is shown big for the new member to enter. */
export function AddMember({ user, onAdded }: { user: MeView; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>([]);
  const [issues, setIssues] = useState<ApiError['fields']>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ name: string; invite: InviteView } | undefined>();
  // Only the group admin makes another admin.
  const choices = staffRoles.filter((r) => r !== 'admin' || isGroupAdmin(user));
  const toggle = (r: string) =>
    setRoles((rs) => (rs.includes(r as StaffRole) ? rs.filter((x) => x !== r) : [...rs, r as StaffRole]));
  const add = async () => {
    setBusy(true);
    try {
      const out = await createStaff({ name, roles });
      setMade({ name: out.staff.name, invite: out.invite });
      setName('');
      setRoles([]);
      setIssues([]);
      setError('');
      onAdded();
    } catch (e) {
      setIssues(e instanceof ApiError ? e.fields : []);
      setError(messageOf(e, '添加失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };
  const issueAt = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  return (
    <View className="card" id="add-staff">
      <Text className="card-title">添加员工</Text>
      <FormField
        id="new-staff-name"
        label="姓名"
        value={name}
        maxlength={30}
        error={issueAt('name')}
        onChange={setName}
      />
      <Text className="label">角色（可多选）</Text>
      <Chips
        idPrefix="new-staff-role"
        options={choices.map((r) => ({ value: r, label: roleLabels[r as Role] }))}
        selected={roles}
        onToggle={toggle}
      />
      {issueAt('roles') ? <Text className="error-text">{issueAt('roles')}</Text> : null}
      {error && issues.length === 0 ? <Banner id="add-staff-error" text={error} /> : null}
      <Button className="btn btn-primary" id="add-staff-submit" disabled={busy || undefined} onClick={() => void add()}>
        {busy ? '正在添加…' : '添加并生成邀请码'}
      </Button>
      {made ? <InviteCode id="new-invite" invite={made.invite} name={made.name} /> : null}
    </View>
  );
}
