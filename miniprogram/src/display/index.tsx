import type { DepartmentView } from '@shared/schemas/auth';
import type { BoardView } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { usePolling } from '../hooks/use-polling';
import { listClinics, listDepartments } from '../services/booking';
import { getBoard } from '../services/queue';
import { roomText } from '../utils/days';
import './index.css';

const isH5 = process.env.TARO_ENV === 'h5';
const FLASH_MS = 5000;

interface Panel {
  dept: DepartmentView;
  board?: BoardView;
  stale: boolean;
  flashUntil: number;
}

function clock(now: number): { time: string; date: string } {
  const d = new Date(now + 8 * 3600_000); // Asia/Shanghai
  const w = ['日', '一', '二', '三', '四', '五', '六'][d.getUTCDay()];
  return {
    time: d.toISOString().slice(11, 19),
    date: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 星期${w}`,
  };
}

/** "请 A012 号 张*三 到 3 诊室就诊", said twice. */
function speak(text: string): void {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  for (let i = 0; i < 2; i++) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    u.rate = 0.9;
    synth.speak(u);
  }
}

function Board({ p, now }: { p: Panel; now: number }) {
  const b = p.board;
  const id = p.dept.id;
  return (
    <View className={`board${p.flashUntil > now ? ' board-flash' : ''}`} id={`board-${id}`}>
      <Text className="board-dept">{b?.departmentName ?? p.dept.name}</Text>
      <Text className="board-label">正在就诊</Text>
      <View className="board-now" id={`board-now-${id}`}>
        {b?.nowServing ? (
          <View>
            <Text className="board-number">{b.nowServing.displayNumber}</Text>
            <Text className="board-name">{b.nowServing.maskedName}</Text>
            <Text className="board-room">请到 {roomText(b.nowServing.room)}</Text>
          </View>
        ) : (
          <Text className="board-idle">{b ? '暂无' : '正在连接…'}</Text>
        )}
      </View>
      <Text className="board-label">请下列患者准备</Text>
      <View className="board-next" id={`board-next-${id}`}>
        {b?.next.slice(0, 5).map((e) => (
          <View className="board-next-row" key={e.displayNumber}>
            <Text className="board-next-number">{e.displayNumber}</Text>
            <Text className="board-next-name">{e.maskedName}</Text>
          </View>
        ))}
        {b && b.next.length === 0 ? <Text className="board-label">暂无候诊</Text> : null}
      </View>
      <Text className={`board-foot${p.stale ? ' board-stale' : ''}`}>
        {p.stale ? '网络不稳定，显示的是上次的信息' : b ? `候诊 ${b.waiting} 人` : ''}
      </Text>
    </View>
  );
}

function Screen({ clinicId }: { clinicId: string }) {
  const [clinicName, setClinicName] = useState('');
  const [panels, setPanels] = useState<Panel[] | undefined>();
  const [problem, setProblem] = useState('');
  const [now, setNow] = useState(Date.now());
  const [voiceOn, setVoiceOn] = useState(false);
  const voiceRef = useRef(false);
  const lastSeq = useRef<Record<string, number>>({});
  const panelsRef = useRef<Panel[] | undefined>(undefined);
  panelsRef.current = panels;

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const poll = async () => {
    let current = panelsRef.current;
    if (!current) {
      // First the clinic and its departments; retried on the next tick if the network is down.
      try {
        const [c, d] = await Promise.all([listClinics(), listDepartments(clinicId)]);
        setClinicName(c.items.find((x) => x.id === clinicId)?.name ?? '');
        current = d.items.map((dept) => ({ dept, stale: false, flashUntil: 0 }));
        setProblem(d.items.length ? '' : '本院还没有科室');
      } catch {
        setProblem('正在连接服务器…');
        return;
      }
    }
    const results = await Promise.allSettled(current.map((p) => getBoard(p.dept.id)));
    const at = Date.now();
    const speech: string[] = [];
    const next = current.map((p, i) => {
      const r = results[i];
      if (!r || r.status === 'rejected') return { ...p, stale: true };
      const b = r.value;
      const seq = b.nowServing?.callSeq;
      const before = lastSeq.current[p.dept.id];
      let flashUntil = p.flashUntil;
      if (seq !== undefined && before !== undefined && seq !== before && b.nowServing) {
        flashUntil = at + FLASH_MS;
        speech.push(
          `请 ${b.nowServing.displayNumber} 号 ${b.nowServing.maskedName} 到 ${roomText(b.nowServing.room)}就诊`,
        );
      }
      // An idle queue counts as seen (0), so the day's first call flashes and is spoken too;
      // only a call already on the board when the screen opens stays quiet.
      if (seq !== undefined) lastSeq.current[p.dept.id] = seq;
      else if (before === undefined) lastSeq.current[p.dept.id] = 0;
      return { ...p, board: b, stale: false, flashUntil };
    });
    setPanels(next);
    if (voiceRef.current) for (const s of speech) speak(s);
  };

  usePolling(poll, 3000);

  const enableVoice = () => {
    voiceRef.current = true;
    setVoiceOn(true);
    // A short utterance inside the tap unlocks speech for later calls.
    const synth = window.speechSynthesis;
    if (synth && typeof SpeechSynthesisUtterance !== 'undefined') {
      const u = new SpeechSynthesisUtterance('语音播报已开启');
      u.lang = 'zh-CN';
      synth.speak(u);
    }
  };

  const c = clock(now);
  return (
    <View className="display" id="display">
      <View className="display-head">
        <Text className="display-clinic">{clinicName || '候诊叫号'}</Text>
        <View className="display-head-right">
          {/* In the header, not over a panel: a floating button hid the last department's count. */}
          {!voiceOn ? (
            <View className="display-voice" id="display-enable-voice" onClick={enableVoice}>
              点击开启语音播报
            </View>
          ) : null}
          <Text className="display-date">{c.date}</Text>
          <Text className="display-clock" id="display-clock">
            {c.time}
          </Text>
        </View>
      </View>
      {panels && panels.length > 0 ? (
        // Every department gets a panel (a clinic has five): numbers shrink to fit the column width.
        <View className="display-panels" style={{ '--cols': String(panels.length) } as Record<string, string>}>
          {panels.map((p) => (
            <Board key={p.dept.id} p={p} now={now} />
          ))}
        </View>
      ) : (
        <Text className="display-msg">{problem || '正在加载…'}</Text>
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
        <Text className="display-msg">请在地址中指定门诊：/display?clinicId=门诊编号</Text>
      </View>
    );
  }
  return <Screen clinicId={clinicId} />;
}
