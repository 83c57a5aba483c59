import { categoryLabels } from '@shared/schemas/common';
import { type AppointmentView, appointmentStatusLabels } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';
import { dayWord, longDate, timeRange } from '../../utils/days';
import { RemindButton } from '../RemindButton';
import './index.css';

/**
 * What a patient reads of one appointment: department and person, which hospital (a group has
 * several), when, and after a visit the revisit date the doctor set and the care instructions
 * (术后须知) of what was done, in large text: many readers are elderly.
 */
export default function AppointmentSummary({ a, today }: { a: AppointmentView; today: string }) {
  return (
    <View>
      <View className="row-between">
        <Text className="card-title">
          {a.departmentName} · {a.patientName}
        </Text>
        <Text className={`status status-${a.status}`}>{appointmentStatusLabels[a.status] ?? a.status}</Text>
      </View>
      <Text className="appointment-clinic">{a.clinicName}</Text>
      <Text className="banner-line">
        {longDate(a.date)}（{dayWord(a.date, today)}） {timeRange(a.startsAt, a.endsAt)}
      </Text>
      {a.status === 'completed' && a.visitCategory ? (
        <Text className="muted appointment-visit">本次治疗：{categoryLabels[a.visitCategory]}</Text>
      ) : null}
      {a.status === 'completed' && a.nextRevisitDate ? (
        <Text className="appointment-revisit" id={`revisit-${a.id}`}>
          复诊提醒：{longDate(a.nextRevisitDate)}
        </Text>
      ) : null}
      {a.status === 'completed' && a.care ? (
        <View className="read-box" id={`care-${a.id}`}>
          <Text className="line-strong">{a.care.title}</Text>
          {a.care.lines.map((l) => (
            <Text key={l} className="read-line">
              {l}
            </Text>
          ))}
        </View>
      ) : null}
      {a.status === 'completed' && a.nextRevisitDate && a.nextRevisitDate >= today ? (
        <RemindButton id={`remind-revisit-${a.id}`} kind="revisit" label="复诊提醒" />
      ) : null}
    </View>
  );
}
