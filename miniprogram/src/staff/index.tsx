import { consultationWorkers, leadEntry, type Role, type RoleSet, roleLabels } from '@shared/roles';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Banner } from '../components/Banner';
import StaffGate from '../components/StaffGate';
import { ConsultDeskButton } from './consult-button';
import { CALLERS, CLINICAL, FOLLOW_UP_WORKERS, GROUP_WORKERS, hasRole, MANAGERS, MESSAGE_CENTRE } from './roles';
import { MARKETERS } from './stats-ui';

/** The desks of the staff area, each shown to the roles that work there. */
const desks: { id: string; url: string; label: string; roles: RoleSet }[] = [
  { id: 'go-marketing', url: '/staff/marketing', label: '市场工作台', roles: MARKETERS },
  { id: 'go-manager', url: '/staff/manager', label: '经营看板', roles: MANAGERS },
  { id: 'go-lead', url: '/staff/lead', label: '录入新患者（建档）', roles: leadEntry },
  { id: 'go-queue', url: '/staff/queue', label: '叫号台', roles: CLINICAL },
  { id: 'go-staff-checkin', url: '/staff/checkin', label: '前台签到 / 现场取号', roles: CALLERS },
  { id: 'go-slots', url: '/staff/slots', label: '号源管理', roles: MANAGERS },
  { id: 'go-follow-ups', url: '/staff/follow-ups', label: '今日回访', roles: FOLLOW_UP_WORKERS },
  { id: 'go-groups', url: '/staff/groups', label: '患者分组', roles: GROUP_WORKERS },
  { id: 'go-messages', url: '/staff/messages', label: '消息中心', roles: MESSAGE_CENTRE },
  { id: 'go-care', url: '/staff/care', label: '术后须知与宣教', roles: MANAGERS },
  { id: 'go-team', url: '/staff/team', label: '员工管理', roles: MANAGERS },
  { id: 'go-merge', url: '/staff/merge', label: '合并档案', roles: MANAGERS },
  { id: 'go-his', url: '/staff/his', label: 'HIS 对接记录', roles: MANAGERS },
  { id: 'go-import', url: '/staff/import', label: '导入患者', roles: MANAGERS },
];

export default function StaffHome() {
  return (
    <StaffGate>
      {(user) => (
        <View className="page" id="staff-home">
          <Text className="title">员工工作台</Text>
          <View className="card">
            <Text className="card-title">{user.name || '您好'}</Text>
            <Text className="muted">角色：{user.roles.map((r) => roleLabels[r as Role] ?? r).join('、')}</Text>
          </View>
          {desks
            .filter((d) => hasRole(user, d.roles))
            .map((d) => (
              <Button key={d.id} id={d.id} className="btn btn-primary" onClick={() => Taro.navigateTo({ url: d.url })}>
                {d.label}
              </Button>
            ))}
          {hasRole(user, consultationWorkers) ? <ConsultDeskButton /> : null}
          {hasRole(user, leadEntry) ? null : (
            <Banner id="lead-not-allowed" kind="info" text="录入新患者需要市场、前台或管理者角色。" />
          )}
          <Button className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        </View>
      )}
    </StaffGate>
  );
}
