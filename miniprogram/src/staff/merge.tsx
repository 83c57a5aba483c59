import { clinicDate, clinicTime } from '@shared/dates';
import type { MergeCounts, MergePreview, MergeResult } from '@shared/schemas/merge';
import { mergeCountLabels } from '@shared/schemas/merge';
import type { StaffPatientView } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import PickCard from '../components/PickCard';
import StaffGate from '../components/StaffGate';
import { getRecord, mergePatients, mergePreview } from '../services/merge';
import { messageOf } from '../services/request';
import { timelineUrl } from '../services/timeline';
import { confirmDanger } from '../utils/dialogs';
import { Compare, FindRecord } from './merge-parts';
import { hasRole, MANAGERS } from './roles';
import './staff.css';
import './merge.css';

/** When a record was entered, in the clinic's time (two records of one day differ by the minute). */
const day = (iso: string) => `${clinicDate(new Date(iso))} ${clinicTime(iso)}`;
const movedText = (c: MergeCounts) =>
  (Object.keys(mergeCountLabels) as (keyof MergeCounts)[])
    .filter((k) => c[k] > 0)
    .map((k) => `${mergeCountLabels[k]} ${c[k]}`)
    .join('，') || '没有需要转移的记录';

/** A record picked for the merge, with the way to pick another instead. */
function Chosen({
  slot,
  title,
  p,
  onChange,
}: {
  slot: string;
  title: string;
  p: StaffPatientView;
  onChange: () => void;
}) {
  return (
    <View className="card" id={`merge-chosen-${slot}`}>
      <Text className="line-strong">
        {title}：{p.name}
      </Text>
      <Text className="muted">
        {p.phone} · 建档 {day(p.createdAt)}
      </Text>
      <Text className="link" onClick={onChange}>
        换一份 ›
      </Text>
    </View>
  );
}

function Merge({ firstId }: { firstId: string }) {
  const [a, setA] = useState<StaffPatientView | undefined>();
  const [b, setB] = useState<StaffPatientView | undefined>();
  const [preview, setPreview] = useState<MergePreview | undefined>();
  const [survivorId, setSurvivorId] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MergeResult | undefined>();

  useEffect(() => {
    if (firstId) getRecord(firstId).then(setA, (e) => setProblem(messageOf(e)));
  }, [firstId]);

  useEffect(() => {
    setPreview(undefined);
    if (!a || !b) return;
    setProblem('');
    mergePreview(a.id, b.id).then(
      (p) => {
        setPreview(p);
        setSurvivorId(p.suggestedSurvivorId);
      },
      (e) => setProblem(messageOf(e)),
    );
  }, [a, b]);

  const reset = () => {
    setA(undefined);
    setB(undefined);
    setResult(undefined);
    setReason('');
  };

  if (result) {
    const s = result.survivor;
    return (
      <View className="card" id="merge-done">
        <Text className="card-title">合并完成</Text>
        <Text className="line-strong">保留的档案：{s.name}</Text>
        <View>
          <Text className="muted">转入的记录：{movedText(result.moved)}。</Text>
        </View>
        <View>
          <Text className="muted">原档案的链接和手机号都会指向保留的档案。</Text>
        </View>
        <Button
          id="merge-open-survivor"
          className="btn btn-primary"
          onClick={() => Taro.navigateTo({ url: timelineUrl(s.id, s.name) })}
        >
          查看保留的档案
        </Button>
        <Button id="merge-again" className="btn" onClick={reset}>
          再合并两份档案
        </Button>
      </View>
    );
  }

  const sides = preview ? [preview.left.patient, preview.right.patient] : [];
  const survivor = sides.find((p) => p.id === survivorId);
  const merged = sides.find((p) => p.id !== survivorId);
  const first = sides.find((p) => p.id === preview?.attributionFromId);

  const submit = async () => {
    if (!survivor || !merged || busy) return;
    const ok = await confirmDanger({
      title: '确认合并',
      content: `“${merged.name}”的就诊、预约、消息等全部记录将并入“${survivor.name}”，原档案只留下指向，不能撤销。`,
      confirmText: '确认合并',
      cancelText: '再看看',
    });
    if (!ok) return;
    setBusy(true);
    setProblem('');
    try {
      setResult(
        await mergePatients({
          survivorId: survivor.id,
          mergedId: merged.id,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        }),
      );
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <Banner id="merge-error" text={problem} />
      {a ? (
        <Chosen slot="a" title="档案一" p={a} onChange={() => setA(undefined)} />
      ) : (
        <FindRecord slot="a" label="第一份档案" exclude={b?.id} onPick={setA} />
      )}
      {b ? (
        <Chosen slot="b" title="档案二" p={b} onChange={() => setB(undefined)} />
      ) : a ? (
        <FindRecord slot="b" label="第二份档案（同一人的另一个手机号）" exclude={a.id} onPick={setB} />
      ) : null}
      {a && b && !preview && !problem ? <Text className="muted loading-note">正在对比…</Text> : null}
      {preview ? (
        <View>
          <Compare preview={preview} />
          <View className="card" id="merge-survivor">
            <Text className="card-title">保留哪一份？</Text>
            {sides.map((p, i) => (
              <PickCard
                key={p.id}
                id={`merge-keep-${i + 1}`}
                name={`档案${i ? '二' : '一'}：${p.name}`}
                chosen={p.id === survivorId}
                onPick={() => setSurvivorId(p.id)}
              >
                <Text className="muted">
                  建档 {day(p.createdAt)}
                  {p.id === preview.suggestedSurvivorId ? '（较早建档，建议保留）' : ''}
                </Text>
              </PickCard>
            ))}
            <View className="mg-note">
              <Text className="muted" id="merge-attribution">
                负责人、来源渠道和活动归属于较早建档的“{first?.name}”
                {first?.ownerStaffName ? `（${first.ownerStaffName}）` : ''}。
              </Text>
            </View>
            <FormField
              id="merge-reason"
              label="合并原因"
              hint="（选填）"
              value={reason}
              onChange={setReason}
              multiline
              maxlength={200}
              placeholder="如：同一患者用两个手机号建档"
            />
            <Button
              id="merge-submit"
              className="btn btn-danger"
              disabled={busy || undefined}
              onClick={() => void submit()}
            >
              {busy ? '正在合并…' : '合并档案'}
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

/** 合并档案: two records of one person, side by side, then one (managers). */
export default function MergePage() {
  const params = useRouter().params;
  const firstId = params.patientId ? decodeURIComponent(params.patientId) : '';
  return (
    <StaffGate>
      {(user) => (
        <View className="page" id="merge">
          <Text className="title">合并档案</Text>
          <Text className="muted">同一位患者用两个手机号建了两份档案时，把两份合为一份：全部记录转入保留的档案。</Text>
          {hasRole(user, MANAGERS) ? (
            <Merge firstId={firstId} />
          ) : (
            <Banner id="merge-not-allowed" kind="info" text="合并档案仅限管理者。" />
          )}
        </View>
      )}
    </StaffGate>
  );
}
