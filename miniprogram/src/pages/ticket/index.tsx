import { type TicketView, ticketStatusLabels } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef } from 'react';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../hooks/use-load';
import { usePolling } from '../../hooks/use-polling';
import { getTicket } from '../../services/queue';
import { ApiError } from '../../services/request';
import Called from './Called';
import Education from './Education';
import { aheadText, etaText, nowServingText } from './ticket-text';
import './index.css';

const POLL_MS = 5000;

type VibrateApi = { vibrateLong?: (o?: object) => Promise<unknown> };

function vibrate(): void {
  try {
    const api = Taro as unknown as VibrateApi;
    if (typeof api.vibrateLong === 'function') void api.vibrateLong({}).catch(() => undefined);
  } catch {
    // not available on this device: the banner is enough
  }
}

/** What the patient reads under the number, by the ticket's status. */
const statusLines: Partial<Record<TicketView['status'], string>> = {
  serving: '您正在就诊',
  done: '本次就诊已完成，祝您早日康复',
  skipped: '您已过号，请到前台说明，工作人员会为您重新排队',
  void: '这个号已作废，请到前台重新取号',
};

function TicketCard({ t }: { t: TicketView }) {
  const nowServing = t.status === 'waiting' ? nowServingText(t) : undefined;
  return (
    <View>
      {t.status === 'called' ? <Called room={t.room} /> : null}
      <View className="ticket-card">
        <Text className="ticket-clinic" id="ticket-clinic">
          {t.clinicName}
        </Text>
        <Text className="ticket-dept">
          {t.departmentName} · {t.patientName}
        </Text>
        <Text className="ticket-number" id="ticket-number">
          {t.displayNumber}
        </Text>
        <Text className="ticket-status" id="ticket-status">
          {ticketStatusLabels[t.status] ?? t.status}
        </Text>
        {t.status === 'waiting' ? (
          <View>
            <Text className="ticket-big-line" id="ticket-ahead">
              {aheadText(t)}
            </Text>
            {t.ahead > 0 ? (
              <Text className="ticket-line" id="ticket-eta">
                {etaText(t)}
              </Text>
            ) : null}
          </View>
        ) : null}
        {statusLines[t.status] ? <Text className="ticket-big-line">{statusLines[t.status]}</Text> : null}
        {nowServing ? (
          <Text className="ticket-line" id="ticket-now-serving">
            {nowServing}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

export default function Ticket() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const lastCall = useRef('');
  const lastRead = useRef(0);

  const state = useLoad(
    async () => {
      lastRead.current = Date.now();
      if (!id) throw new ApiError(400, 'NO_TICKET', '缺少排队号信息，请从“我的预约”进入。');
      let t: TicketView;
      try {
        t = await getTicket(id);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
          throw new ApiError(e.status, e.code, '没有找到这个排队号，它可能属于其他账号。');
        }
        throw e;
      }
      // Vibrate once per call (a recall changes calledAt and vibrates again).
      const call = t.status === 'called' ? `${t.calledAt ?? ''}|${t.room ?? ''}` : '';
      if (call && call !== lastCall.current) vibrate();
      lastCall.current = call;
      return t;
    },
    [id],
    false,
  );

  // Every few seconds while the page is shown; the read on opening has just run.
  usePolling(async () => {
    if (Date.now() - lastRead.current > POLL_MS / 2) await state.reload();
  }, POLL_MS);

  return (
    <View className="page" id="ticket">
      {state.data ? null : <Text className="title">我的排队</Text>}
      <Loaded state={state} id="ticket-error">
        {(t) => (
          <View>
            <TicketCard t={t} />
            {t.status === 'waiting' ? <Education departmentId={t.queueId} /> : null}
          </View>
        )}
      </Loaded>
      {state.data && !state.error ? (
        <Text className="muted refresh-note">每 5 秒自动刷新，请留意手机和候诊区大屏</Text>
      ) : null}
      {state.data && state.offline ? (
        <Text className="stale" id="ticket-stale">
          网络不稳定，正在自动重试…
        </Text>
      ) : null}
      {state.data ? (
        <Button className="btn" onClick={() => void state.reload()}>
          立即刷新
        </Button>
      ) : null}
      <Button id="ticket-home" className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        返回首页
      </Button>
    </View>
  );
}
