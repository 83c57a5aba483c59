import { clinicDate } from '@shared/dates';
import { spacedPhone } from '@shared/phone';
import { type Channel, channelLabels } from '@shared/schemas/common';
import type { StaffPatientView } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Loaded } from '../components/Loaded';
import { LoadMore } from '../components/LoadMore';
import PhoneCallButton from '../components/PhoneCallButton';
import type { LoadState } from '../hooks/use-load';
import { useMore } from '../hooks/use-more';
import { myLeads } from '../services/patients';
import { monthDay } from './stats-ui';

/** A page of leads at a time: the home stays short, the rest is one tap away. */
export const LEADS_PAGE = 10;

export type LeadsPage = { items: StaffPatientView[]; nextCursor?: string };

/** The first page of my leads, for useLoad. */
export const firstLeads = (): Promise<LeadsPage> => myLeads(undefined, LEADS_PAGE);

const goLeadEntry = () => void Taro.navigateTo({ url: '/staff/lead' });

function LeadRow({ p }: { p: StaffPatientView }) {
  const channel = channelLabels[p.channel as Channel] ?? p.channel;
  return (
    <View className="mk-lead" id={`lead-${p.id}`}>
      <View className="mk-lead-who">
        <Text className="line-strong">{p.name}</Text>
        <Text className="mk-phone" id={`lead-${p.id}-phone`}>
          {p.phoneMasked ? p.phone : spacedPhone(p.phone)}
        </Text>
        <Text className="muted">
          {channel} · {monthDay(clinicDate(new Date(p.createdAt)))}建档
        </Text>
      </View>
      {p.phoneMasked ? null : <PhoneCallButton id={`lead-${p.id}-call`} phone={p.phone} />}
    </View>
  );
}

/** 我的建档: the records I entered or brought in, newest first, each with a call button. */
export function MyLeads({ leads }: { leads: LoadState<LeadsPage> }) {
  // A lead already shown (entered while paging) is not listed twice.
  const { more, loadMore } = useMore(
    leads,
    (cursor) => myLeads(cursor, LEADS_PAGE),
    (p) => p.id,
  );

  return (
    <View id="my-leads">
      <View className="row-between">
        <Text className="mk-section">我的建档</Text>
        <Text className="link" id="go-lead-entry" onClick={goLeadEntry}>
          + 录入新患者
        </Text>
      </View>
      <Loaded
        state={leads}
        id="leads-error"
        empty={{
          when: (d) => d.items.length === 0,
          text: '还没有建档。录入的患者和活动新报名的患者会列在这里，方便回电。',
          action: (
            <Button className="btn btn-primary" onClick={goLeadEntry}>
              录入新患者
            </Button>
          ),
        }}
      >
        {(d) => (
          <View className="card mk-list-card" id="leads-list">
            {d.items.map((p) => (
              <LeadRow key={p.id} p={p} />
            ))}
            <LoadMore
              id="leads-more"
              className="btn mk-more"
              more={more}
              hasMore={Boolean(d.nextCursor)}
              onMore={() => void loadMore()}
            />
          </View>
        )}
      </Loaded>
    </View>
  );
}
