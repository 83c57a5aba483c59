import { clinicDate } from '@shared/dates';
import { type Category, categoryLabels } from '@shared/schemas/common';
import { formatFen, type TicketView, type VisitView } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';
import { Banner } from '../components/Banner';
import { queueTickets } from '../services/queue';
import { patientVisits } from '../services/visits';

/** A number just given out, with what the desk should know about the patient. */
export interface Issued {
  ticket: TicketView;
  vip: boolean;
  visitCount: number;
  lastVisit?: VisitView;
  how: 'appointment' | 'walkin';
}

function visitLine(v: VisitView): string {
  const cat = categoryLabels[v.category as Category] ?? v.category;
  return `${v.date} ${cat} ${formatFen(v.chargeFen)}${v.doctorName ? `（${v.doctorName}）` : ''}`;
}

/** Who this is: VIP and earlier visits, so the desk can greet an important or returning patient. */
export async function describe(ticket: TicketView, how: Issued['how']): Promise<Issued> {
  const today = clinicDate(new Date());
  const [q, v] = await Promise.allSettled([queueTickets(ticket.queueId), patientVisits(ticket.patientId)]);
  const mine = q.status === 'fulfilled' ? q.value.items.find((t) => t.id === ticket.id) : undefined;
  const visits = v.status === 'fulfilled' ? v.value.items.filter((x) => x.date < today || !x.ticketId) : [];
  visits.sort((a, b) => b.date.localeCompare(a.date));
  return { ticket, how, vip: mine?.vip ?? false, visitCount: mine?.visitCount ?? visits.length, lastVisit: visits[0] };
}

/** The number to tell the patient, big, with a VIP or returning-patient notice above it. */
export function IssuedCard({ issued }: { issued: Issued }) {
  const t = issued.ticket;
  return (
    <View id="staff-checkin-result">
      {issued.vip ? (
        <View className="notice-vip" id="notice-vip">
          <Text className="notice-vip-title">★ 重要患者（VIP）</Text>
          <Text className="banner-line">请优先接待，并告知主管医生。</Text>
        </View>
      ) : null}
      {issued.visitCount > 0 || issued.lastVisit ? (
        <Banner
          kind="info"
          id="notice-returning"
          title={`复诊患者${issued.visitCount > 0 ? `（第 ${issued.visitCount + 1} 次就诊）` : ''}`}
          text={issued.lastVisit ? `最近就诊：${visitLine(issued.lastVisit)}` : undefined}
        />
      ) : null}
      <View className="card-brand issued">
        <Text className="muted">
          {issued.how === 'walkin' ? '已取号' : '签到成功'} · {t.patientName} · {t.departmentName}
        </Text>
        <Text className="issued-number" id="issued-number">
          {t.displayNumber}
        </Text>
        <Text className="banner-line">
          {t.ahead > 0 ? `前面还有 ${t.ahead} 位，预计约 ${Math.max(1, t.etaMinutes)} 分钟` : '前面没有人，请留意叫号'}
        </Text>
      </View>
    </View>
  );
}
