import { addDays, clinicDate } from '@shared/dates';
import { type CampaignView, campaignChannels, createCampaignInput } from '@shared/schemas/campaigns';
import { channelLabels } from '@shared/schemas/common';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import { useZodForm } from '../hooks/use-zod-form';
import { createCampaign } from '../services/campaigns';
import { optionalText } from '../utils/form';
import { money, pct, stateLabels } from './stats-ui';

type CampaignChannel = (typeof campaignChannels)[number];
const stateTone: Record<CampaignView['state'], string> = { running: 'brand', upcoming: 'info', ended: 'muted' };
const stateOrder: Record<CampaignView['state'], number> = { running: 0, upcoming: 1, ended: 2 };

/** Running campaigns first, then upcoming, then ended; the latest start first within each. */
export function sortCampaigns(items: CampaignView[]): CampaignView[] {
  return [...items].sort((a, b) => stateOrder[a.state] - stateOrder[b.state] || b.startsOn.localeCompare(a.startsOn));
}

function Fig({ value, label, wide }: { value: string; label: string; wide?: boolean }) {
  return (
    <View className={`mk-fig${wide ? ' mk-fig-wide' : ''}`}>
      <Text className="mk-fig-value mk-figure">{value}</Text>
      <Text className="mk-fig-label">{label}</Text>
    </View>
  );
}

export function CampaignCard(p: { c: CampaignView; onQr: () => void; onTouches: () => void }) {
  const { c } = p;
  const r = c.results;
  return (
    <View className="card" id={`campaign-${c.id}`}>
      <View className="row-between">
        <Text className="mk-camp-name">{c.name}</Text>
        <Text className={`mk-pill mk-pill-${stateTone[c.state]}`}>{stateLabels[c.state] ?? c.state}</Text>
      </View>
      <Text className="muted">
        {channelLabels[c.channel as CampaignChannel] ?? c.channel} · {c.startsOn} 至 {c.endsOn}
        {c.ownerStaffName ? ` · ${c.ownerStaffName}` : ''}
      </Text>
      {r ? (
        <View>
          <Text className="banner-line" id={`campaign-signups-${c.id}`}>
            报名 {r.signups}，其中老患者 {r.knownSignups}
          </Text>
          <View className="mk-figs">
            <Fig value={String(r.newRecords)} label="新建档" />
            <Fig value={String(r.arrivals)} label="到院" />
            <Fig value={pct(r.conversion)} label="转化率" />
            <Fig value={String(r.appointments)} label="预约" />
            <Fig value={money(r.revenueFen)} label="营收" wide />
          </View>
        </View>
      ) : null}
      <View className="mk-actions">
        <Button id={`qr-${c.id}`} className="btn btn-primary" onClick={p.onQr}>
          二维码 / 链接
        </Button>
        <Button id={`touches-${c.id}`} className="btn" onClick={p.onTouches}>
          报名名单
        </Button>
      </View>
    </View>
  );
}

interface NewCampaign {
  name: string;
  channel: CampaignChannel | '';
  startsOn: string;
  endsOn: string;
  description: string;
  notes: string;
}

const blankCampaign = (): NewCampaign => {
  const today = clinicDate(new Date());
  return { name: '', channel: '', startsOn: today, endsOn: addDays(today, 30), description: '', notes: '' };
};

const toInput = (f: NewCampaign) => ({
  name: f.name,
  channel: f.channel || undefined,
  startsOn: f.startsOn,
  endsOn: f.endsOn,
  description: optionalText(f.description),
  notes: optionalText(f.notes),
});

export function NewCampaignForm({ onCreated }: { onCreated: (c: CampaignView) => void }) {
  const form = useZodForm({ schema: createCampaignInput, initial: blankCampaign(), toInput });
  const today = clinicDate(new Date());
  const dateRange = { start: addDays(today, -365), end: addDays(today, 730) };

  const submit = () =>
    void form.submit(async (input) => {
      const c = await createCampaign(input);
      Taro.showToast({ title: '活动已创建', icon: 'success' });
      form.reset(blankCampaign());
      onCreated(c);
    });

  return (
    <View className="card" id="campaign-new">
      <Text className="card-title">新建活动</Text>
      <Banner id="campaign-form-error" text={form.banner} />
      <FormField
        {...form.field('name')}
        id="campaign-field-name"
        label="活动名称"
        placeholder="如 社区免费口腔检查"
        maxlength={40}
      />
      <View className="field">
        <Text className="label">渠道</Text>
        <Chips
          idPrefix="campaign-channel"
          options={campaignChannels.map((c) => ({ value: c, label: channelLabels[c] }))}
          selected={form.values.channel}
          onToggle={(v) => form.set('channel', v as CampaignChannel)}
        />
        {form.errors.channel ? (
          <Text className="error-text" id="error-campaign-channel">
            {form.errors.channel}
          </Text>
        ) : null}
      </View>
      <DateField
        {...form.field('startsOn')}
        {...dateRange}
        id="campaign-field-startsOn"
        label="开始日期"
        placeholder="如 2026-11-01"
      />
      <DateField
        {...form.field('endsOn')}
        {...dateRange}
        id="campaign-field-endsOn"
        label="结束日期"
        placeholder="如 2026-11-30"
      />
      <FormField
        {...form.field('description')}
        id="campaign-field-description"
        label="活动介绍"
        hint="选填，患者扫码后能看到"
        placeholder="如 免费口腔检查一次，含全景片"
        multiline
        maxlength={300}
      />
      <FormField
        {...form.field('notes')}
        id="campaign-field-notes"
        label="备注"
        hint="选填，仅员工可见"
        maxlength={500}
      />
      <Button id="campaign-submit" className="btn btn-primary" disabled={form.sending || undefined} onClick={submit}>
        {form.sending ? '正在创建…' : '创建活动'}
      </Button>
    </View>
  );
}
