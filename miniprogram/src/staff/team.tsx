import { Text, View } from '@tarojs/components';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { listStaff } from '../services/staff';
import { MANAGERS } from './roles';
import { AddMember } from './team-add';
import { MemberCard } from './team-member';
import './staff.css';
import './team.css';

/** 员工管理: a manager adds members (invite code), deactivates those who leave and hands their patients over. */
export default function TeamPage() {
  const state = useLoad(() => listStaff(), [], false);
  return (
    <StaffGate only={{ roles: MANAGERS, title: '员工管理', id: 'team-not-allowed', text: '员工管理需要管理者角色。' }}>
      {(user) => (
        <View className="page" id="team-page">
          <AddMember user={user} onAdded={() => void state.reload()} />
          <Text className="section-title">本院员工</Text>
          <Loaded state={state} id="team-error" empty={{ when: (d) => d.items.length === 0, text: '还没有员工' }}>
            {(d) => (
              <View id="team-list">
                {[...d.items]
                  // Active members first, then those who left.
                  .sort((a, b) => Number(Boolean(a.deactivatedAt)) - Number(Boolean(b.deactivatedAt)))
                  .map((s) => (
                    <MemberCard
                      key={s.id}
                      s={s}
                      all={d.items}
                      self={s.id === user.staffId}
                      onChanged={() => void state.reload()}
                    />
                  ))}
              </View>
            )}
          </Loaded>
        </View>
      )}
    </StaffGate>
  );
}
