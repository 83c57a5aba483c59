import { clinicTime } from '@shared/dates';
import type { InviteView } from '@shared/schemas/auth';
import { Text, View } from '@tarojs/components';

/** An invite code, big enough to read out or show across a desk, with how long it lasts. */
export function InviteCode({ id, invite, name }: { id: string; invite: InviteView; name: string }) {
  return (
    <View className="card team-invite" id={id}>
      <Text className="muted">{name}的邀请码</Text>
      <Text className="team-invite-code">{invite.code}</Text>
      <Text className="muted">{clinicTime(invite.expiresAt)} 前有效，只能使用一次</Text>
      <Text className="muted team-invite-how">新员工登录小程序后，在首页点“我是医院员工”输入邀请码</Text>
    </View>
  );
}
