import { type TicketView, ticketStatusLabels } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { Banner } from '../../components/Banner';
import { usePolling } from '../../hooks/use-polling';
import { getTicket } from '../../services/queue';
import { ApiError } from '../../services/request';
import { getToken } from '../../services/session';
import { roomText } from '../../utils/days';

type VibrateApi = { vibrateLong?: (o?: object) => Promise<unknown> };

function vibrate(): void {
  try {
    const api = Taro as unknown as VibrateApi;
    if (typeof api.vibrateLong === 'function') void api.vibrateLong({}).catch(() => undefined);
  } catch {
    // not available on this device: the banner is enough
  }
}

export default function Ticket() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const [ticket, setTicket] = useState<TicketView | undefined>();
  const [stale, setStale] = useState(false);
  const [problem, setProblem] = useState('');
  const lastCall = useRef('');

  const load = async () => {
    if (!getToken()) {
      Taro.reLaunch({ url: '/pages/login/index' });
      return;
    }
    if (!id) {
      setProblem('缺少排队号信息，请从“我的预约”进入。');
      return;
    }
    try {
      const t = await getTicket(id);
      setTicket(t);
      setStale(false);
      setProblem('');
      // Vibrate once per call (a recall changes calledAt and vibrates again).
      const call = t.status === 'called' ? `${t.calledAt ?? ''}|${t.room ?? ''}` : '';
      if (call && call !== lastCall.current) vibrate();
      lastCall.current = call;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
        setProblem('没有找到这个排队号，它可能属于其他账号。');
        return;
      }
      setStale(true); // keep showing the last known state
    }
  };

  const { refresh } = usePolling(load, 5000);

  const t = ticket;
  const statusLabel = t ? (ticketStatusLabels[t.status] ?? t.status) : '';

  return (
    <View className="page" id="ticket">
      <Banner id="ticket-error" text={problem} />
      {!t && !problem ? <Text className="muted">{stale ? '网络不稳定，正在重试…' : '正在加载…'}</Text> : null}
      {t ? (
        <View>
          {t.status === 'called' ? (
            <View className="called-banner" id="ticket-called-banner">
              <Text className="called-title">轮到您了</Text>
              <Text className="called-room">请到 {roomText(t.room)}就诊</Text>
            </View>
          ) : null}
          <View className="ticket-card">
            <Text className="ticket-dept">
              {t.departmentName} · {t.patientName}
            </Text>
            <Text className="ticket-number" id="ticket-number">
              {t.displayNumber}
            </Text>
            <Text className="ticket-status" id="ticket-status">
              {statusLabel}
            </Text>
            {t.status === 'waiting' ? (
              <View>
                <Text className="ticket-big-line" id="ticket-ahead">
                  {t.ahead > 0 ? `前面还有 ${t.ahead} 位` : '下一位就是您，请留意叫号'}
                </Text>
                {t.ahead > 0 ? <Text className="ticket-line">预计等待约 {Math.max(1, t.etaMinutes)} 分钟</Text> : null}
              </View>
            ) : null}
            {t.status === 'serving' ? <Text className="ticket-big-line">您正在就诊</Text> : null}
            {t.status === 'done' ? <Text className="ticket-big-line">本次就诊已完成，祝您早日康复</Text> : null}
            {t.status === 'skipped' ? (
              <Text className="ticket-big-line">您已过号，请到前台说明，工作人员会为您重新排队</Text>
            ) : null}
            {t.status === 'waiting' ? (
              <Text className="ticket-line" id="ticket-now-serving">
                当前叫号 {t.nowServing ?? '暂无'}
              </Text>
            ) : null}
          </View>
          {stale ? (
            <Text className="stale" id="ticket-stale">
              网络不稳定，正在重试…
            </Text>
          ) : (
            <Text className="muted refresh-note">每 5 秒自动刷新，请留意手机和候诊区大屏</Text>
          )}
          <Button className="btn" onClick={refresh}>
            立即刷新
          </Button>
          <Button className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        </View>
      ) : null}
    </View>
  );
}
