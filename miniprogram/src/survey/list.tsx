import { chineseDate } from '@shared/dates';
import type { SurveyInvitationView } from '@shared/schemas/surveys';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { mySurveys } from '../services/surveys';
import './survey.css';

const open = (id: string) => () => Taro.navigateTo({ url: `/survey/index?id=${encodeURIComponent(id)}` });

function InvitationCard({ s }: { s: SurveyInvitationView }) {
  return (
    <View className="card sv-invite" id={`invite-${s.id}`} onClick={open(s.id)}>
      <Text className="sv-invite-title">
        {chineseDate(s.visitDate)} {s.clinicName}
      </Text>
      <Text className="sv-head-line">
        {s.patientName} · {s.departmentName}
        {s.doctorName ? ` · ${s.doctorName}` : ''}
      </Text>
      <Text className="sv-invite-go">去评价 ›</Text>
    </View>
  );
}

/** 待评价的就诊: the open invitations of my family's visits; a tap opens the form. */
export default function SurveyList() {
  const state = useLoad(() => mySurveys());
  return (
    <View className="page" id="survey-list">
      <Text className="title">待评价的就诊</Text>
      <Loaded
        state={state}
        id="survey-list-error"
        empty={{ when: (d) => d.items.length === 0, text: '目前没有待评价的就诊。就诊后第二天，我们会邀请您评价。' }}
      >
        {(d) => (
          <View>
            {d.items.map((s) => (
              <InvitationCard key={s.id} s={s} />
            ))}
          </View>
        )}
      </Loaded>
    </View>
  );
}
