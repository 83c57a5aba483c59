import type { AuditEventView } from '@shared/schemas/audit';
import { phoneNumber } from '@shared/schemas/common';
import type { StaffPatientView } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import * as z from 'zod';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import { Loaded } from '../components/Loaded';
import { LoadMore } from '../components/LoadMore';
import PickCard from '../components/PickCard';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { useMore } from '../hooks/use-more';
import { useZodForm } from '../hooks/use-zod-form';
import { patientAudit } from '../services/audit';
import { searchPatientsByPhone } from '../services/visits';
import { MANAGERS } from './roles';
import { whenText } from './timeline-item';
import './staff.css';
import './audit.css';

const PAGE = 20;
const param = (v: string | undefined) => (v ? decodeURIComponent(v) : '');
const phoneSearch = z.object({ phone: phoneNumber });

/** One event: what was done, when, by whom, from which clinic; a correction's fields old → new (masked). */
function AuditCard({ e, n }: { e: AuditEventView; n: number }) {
  return (
    <View className={`card audit-item${e.crossClinic ? ' audit-cross' : ''}`} id={`audit-event-${n}`}>
      <View className="row-between">
        <Text className="line-strong">
          {e.actionLabel}
          {e.crossClinic ? <Text className="tag audit-cross-tag">跨门诊</Text> : null}
        </Text>
        <Text className="muted">{whenText(e.at)}</Text>
      </View>
      <Text className="audit-line">{e.actor.label}</Text>
      <Text className="audit-line">来自 {e.clinicName || '未知门诊'}</Text>
      {e.fields.length > 0 ? <Text className="audit-line">涉及：{e.fields.join('、')}</Text> : null}
      {e.changes.map((c) => (
        <Text key={c.field} className="audit-change">
          {c.label}：{c.from ?? '（空）'} → {c.to ?? '（空）'}
        </Text>
      ))}
      {e.reason ? <Text className="audit-line muted">原因：{e.reason}</Text> : null}
    </View>
  );
}

/** Find a record by its phone; picking it opens its trail. */
function FindPatient({ onPick }: { onPick: (p: StaffPatientView) => void }) {
  const form = useZodForm({ schema: phoneSearch, initial: { phone: '' } });
  const [found, setFound] = useState<StaffPatientView[] | undefined>();
  const search = () =>
    form.submit(async ({ phone }) =>
      setFound(
        // Another clinic's record comes as a minimal card: its trail is for its own clinic's managers.
        (await searchPatientsByPhone(phone)).items.filter((p): p is StaffPatientView => !('minimal' in p)),
      ),
    );
  return (
    <View className="card" id="audit-search">
      <Banner id="audit-search-error" text={form.banner} />
      <FormField {...form.field('phone')} id="audit-phone" label="患者手机号" type="phone" />
      <Button
        id="audit-search-submit"
        className="btn"
        disabled={form.sending || undefined}
        onClick={() => void search()}
      >
        {form.sending ? '正在查询…' : '查询'}
      </Button>
      {found && found.length === 0 ? <Text className="banner-line">没有找到这个手机号的档案。</Text> : null}
      {found?.map((p) => (
        <PickCard key={p.id} id={`audit-patient-${p.id}`} name={p.name} chosen={false} onPick={() => onPick(p)}>
          <Text className="muted">{p.phone}</Text>
        </PickCard>
      ))}
    </View>
  );
}

function Trail({ patientId }: { patientId: string }) {
  const list = useLoad(() => patientAudit(patientId, undefined, PAGE), [patientId], false);
  const { more, loadMore } = useMore(
    list,
    (cursor) => patientAudit(patientId, cursor, PAGE),
    (e) => e.id,
  );
  return (
    <Loaded state={list} id="audit-error" empty={{ when: (d) => d.items.length === 0, text: '还没有审计记录。' }}>
      {(d) => (
        <View id="audit-list">
          {d.items.map((e, i) => (
            <AuditCard key={e.id} e={e} n={i} />
          ))}
          <LoadMore
            id="audit-more"
            more={more}
            hasMore={Boolean(d.nextCursor)}
            onMore={() => void loadMore()}
            endText="没有更早的记录了"
          />
        </View>
      )}
    </Loaded>
  );
}

function Audit() {
  const params = useRouter().params;
  const [target, setTarget] = useState({ id: param(params.patientId), name: param(params.name) });
  return (
    <View className="page" id="audit">
      <Text className="title">审计记录</Text>
      {target.name ? <Text className="subtitle">{target.name}</Text> : null}
      <Text className="muted">谁在何时、从哪个门诊查看或修改了这份档案，最新的在前。</Text>
      {target.id ? (
        <View>
          <Trail patientId={target.id} />
          <Text className="link" id="audit-other" onClick={() => setTarget({ id: '', name: '' })}>
            查询其他患者 ›
          </Text>
        </View>
      ) : (
        <FindPatient onPick={(p) => setTarget({ id: p.id, name: p.name })} />
      )}
    </View>
  );
}

/** 审计记录: one record's audit trail, for managers (the record's home clinic) and the group admin. */
export default function AuditPage() {
  return (
    <StaffGate only={{ roles: MANAGERS, title: '审计记录', id: 'audit-denied', text: '审计记录仅供管理者查看。' }}>
      {() => <Audit />}
    </StaffGate>
  );
}
