import { leadEntry, type Role, roleLabels } from '@shared/roles';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import StaffGate from '../components/StaffGate';
import { CALLERS, CLINICAL, hasRole, MANAGERS } from './roles';
import { MARKETERS } from './stats-ui';

export default function StaffHome() {
  return (
    <StaffGate>
      {(user) => {
        const canEnterLeads = hasRole(user, leadEntry);
        return (
          <View className="page" id="staff-home">
            <Text className="title">员工工作台</Text>
            <View className="card">
              <Text className="card-title">{user.name || '您好'}</Text>
              <Text className="muted">角色：{user.roles.map((r) => roleLabels[r as Role] ?? r).join('、')}</Text>
            </View>
            {hasRole(user, MARKETERS) ? (
              <Button
                id="go-marketing"
                className="btn btn-primary"
                onClick={() => Taro.navigateTo({ url: '/staff/marketing' })}
              >
                市场工作台
              </Button>
            ) : null}
            {hasRole(user, MANAGERS) ? (
              <Button
                id="go-manager"
                className="btn btn-primary"
                onClick={() => Taro.navigateTo({ url: '/staff/manager' })}
              >
                经营看板
              </Button>
            ) : null}
            {canEnterLeads ? (
              <Button id="go-lead" className="btn btn-primary" onClick={() => Taro.navigateTo({ url: '/staff/lead' })}>
                录入新患者（建档）
              </Button>
            ) : (
              <View className="banner banner-info" id="lead-not-allowed">
                <Text className="banner-line">录入新患者需要市场、前台或管理者角色。</Text>
              </View>
            )}
            {hasRole(user, CLINICAL) ? (
              <Button
                id="go-queue"
                className="btn btn-primary"
                onClick={() => Taro.navigateTo({ url: '/staff/queue' })}
              >
                叫号台
              </Button>
            ) : null}
            {hasRole(user, CALLERS) ? (
              <Button
                id="go-staff-checkin"
                className="btn btn-primary"
                onClick={() => Taro.navigateTo({ url: '/staff/checkin' })}
              >
                前台签到 / 现场取号
              </Button>
            ) : null}
            {hasRole(user, MANAGERS) ? (
              <Button
                id="go-slots"
                className="btn btn-primary"
                onClick={() => Taro.navigateTo({ url: '/staff/slots' })}
              >
                号源管理
              </Button>
            ) : null}
            <Button className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
              返回首页
            </Button>
          </View>
        );
      }}
    </StaffGate>
  );
}
