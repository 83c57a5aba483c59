import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { useLoad } from '../hooks/use-load';
import { usePolling } from '../hooks/use-polling';
import { listClinics, listDepartments } from '../services/booking';
import { ApiError } from '../services/request';
import { Board } from './Board';
import { EducationBand } from './Education';
import { useBoards } from './use-boards';
import { useVoice, type VoiceState } from './voice';
import './index.css';

const isH5 = process.env.TARO_ENV === 'h5';

function clock(now: number): { time: string; date: string } {
  const d = new Date(now + 8 * 3600_000); // Asia/Shanghai
  const w = ['日', '一', '二', '三', '四', '五', '六'][d.getUTCDay()];
  return {
    time: d.toISOString().slice(11, 19),
    date: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 星期${w}`,
  };
}

/** The clinic's name and departments; an unknown clinic is an answer, not an error to retry. */
async function readClinic(clinicId: string) {
  try {
    const [c, d] = await Promise.all([listClinics(), listDepartments(clinicId)]);
    return { found: true, name: c.items.find((x) => x.id === clinicId)?.name ?? '', depts: d.items };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { found: false, name: '', depts: [] };
    throw e;
  }
}

/** In the header, not over a panel: a floating button hid the last department's count. */
function VoiceControl({ state, enable, disable }: { state: VoiceState; enable: () => void; disable: () => void }) {
  if (state === 'off' || state === 'blocked')
    return (
      <View className="display-voice" id="display-enable-voice" onClick={enable}>
        点击开启语音播报
      </View>
    );
  if (state === 'on')
    return (
      <View className="display-voice-on" id="display-voice-on" onClick={disable}>
        语音播报已开启
      </View>
    );
  if (state === 'no-engine')
    return (
      <Text className="display-voice-none" id="display-voice-none">
        本机无法语音播报
      </Text>
    );
  return null;
}

function Screen({ clinicId }: { clinicId: string }) {
  const [now, setNow] = useState(Date.now());
  const voice = useVoice();
  const clinic = useLoad(() => readClinic(clinicId), [clinicId], false);
  const { panels, read } = useBoards(voice.announce);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  // Nobody taps a TV: a failed first read is simply tried again on the next tick.
  usePolling(async () => {
    const c = clinic.data;
    if (!c) return clinic.loading ? undefined : clinic.reload();
    if (c.depts.length) await read(c.depts);
  }, 3000);

  const c = clinic.data;
  const problem = !c
    ? clinic.error
      ? '正在连接服务器…'
      : '正在加载…'
    : !c.found
      ? `没有找到这家门诊（${clinicId}），请检查地址中的 clinicId`
      : c.depts.length === 0
        ? '本院还没有科室'
        : '';
  const t = clock(now);
  return (
    <View className="display" id="display">
      <View className="display-head">
        <Text className="display-clinic">{c?.name || '候诊叫号'}</Text>
        <View className="display-head-right">
          <VoiceControl state={voice.state} enable={voice.enable} disable={voice.disable} />
          <Text className="display-date">{t.date}</Text>
          <Text className="display-clock" id="display-clock">
            {t.time}
          </Text>
        </View>
      </View>
      {c && !problem ? (
        <>
          {/* Every department gets a panel (a clinic has five): numbers shrink to fit the column width. */}
          <View className="display-panels" style={{ '--cols': String(c.depts.length) } as Record<string, string>}>
            {c.depts.map((dept) => (
              <Board key={dept.id} p={panels[dept.id] ?? { dept, stale: false, flashUntil: 0 }} now={now} />
            ))}
          </View>
          <EducationBand depts={c.depts} callShowing={Object.values(panels).some((p) => p.flashUntil > now)} />
        </>
      ) : (
        <Text className="display-msg" id="display-msg">
          {problem}
        </Text>
      )}
    </View>
  );
}

export default function Display() {
  const clinicId = decodeURIComponent(useRouter().params.clinicId ?? '');
  if (!isH5) {
    return (
      <View className="page">
        <Text className="title">候诊叫号大屏</Text>
        <Text className="subtitle">请在候诊区电视的浏览器中打开此页面。</Text>
      </View>
    );
  }
  if (!clinicId) {
    return (
      <View className="display" id="display">
        <Text className="display-msg" id="display-msg">
          请在地址中指定门诊：/display?clinicId=门诊编号
        </Text>
      </View>
    );
  }
  return <Screen clinicId={clinicId} />;
}
