import { chineseDate } from '@shared/dates';
import type { AnswerSurveyInput, SurveyInvitationView } from '@shared/schemas/surveys';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { ApiError, messageOf } from '../services/request';
import { answerSurvey, mySurvey } from '../services/surveys';
import { type SubmitState, SurveyForm } from './SurveyForm';
import './survey.css';

type Shown = SurveyInvitationView | { missing: true };

/** The invitation, or "missing" for a 404 (someone else's invitation reads the same). */
async function readInvitation(id: string): Promise<Shown> {
  // Not signed in: the request's 401 takes the patient to the login page; 首页 → 就诊评价 leads back here.
  try {
    return await mySurvey(id);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { missing: true };
    throw e;
  }
}

const goHome = () => Taro.reLaunch({ url: '/pages/index/index' });

/** A closing card: a big symbol, a headline, a line, and the way home. */
function Closing({ id, icon, title, text }: { id: string; icon: string; title: string; text: string }) {
  return (
    <View className="card sv-closing" id={id}>
      <Text className="sv-closing-icon">{icon}</Text>
      <Text className="sv-closing-title">{title}</Text>
      <Text className="sv-closing-text">{text}</Text>
      <Button className="btn btn-big" onClick={goHome}>
        返回首页
      </Button>
    </View>
  );
}

/** 就诊评价: opened from the invitation (subscribe message or SMS link) with ?id=. */
export default function Survey() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const state = useLoad(() => readInvitation(id), [id]);
  const [submit, setSubmit] = useState<SubmitState>({ busy: false, error: '' });
  const [thanks, setThanks] = useState<{ low: boolean } | undefined>();

  const send = async (inv: SurveyInvitationView, answer: AnswerSurveyInput) => {
    setSubmit({ busy: true, error: '' });
    try {
      const out = await answerSurvey(inv.id, answer);
      setThanks({ low: out.low });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SURVEY_ANSWERED') state.setData({ ...inv, status: 'answered' });
      else if (e instanceof ApiError && e.code === 'SURVEY_EXPIRED') state.setData({ ...inv, status: 'expired' });
      // No answer came (or the server failed): 重新提交 sends the same answer with the same Idempotency-Key.
      else setSubmit({ busy: false, error: messageOf(e, '提交失败，请稍后重试') });
      return;
    }
    setSubmit({ busy: false, error: '' });
  };

  if (thanks) {
    return (
      <View className="page" id="survey-page">
        <Closing
          id="survey-thanks"
          icon="✓"
          title="感谢您的评价"
          text={
            thanks.low
              ? '很抱歉这次没有让您满意。我们的客服主管会在 24 小时内与您联系，了解情况并尽快解决。'
              : '您的意见我们已收到，会用来把服务做得更好。祝您健康！'
          }
        />
      </View>
    );
  }

  return (
    <View className="page" id="survey-page">
      <Loaded state={state} id="survey-load-error">
        {(shown) =>
          'missing' in shown ? (
            <Closing
              id="survey-missing-invitation"
              icon="?"
              title="没有找到这份评价邀请"
              text="链接可能不完整，或这份邀请不属于当前登录的微信账号。"
            />
          ) : shown.status === 'answered' ? (
            <Closing
              id="survey-answered"
              icon="✓"
              title="您已提交过本次评价"
              text="您已提交过本次评价，感谢您的反馈。"
            />
          ) : shown.status === 'expired' ? (
            <Closing
              id="survey-expired"
              icon="⌛"
              title="本次评价已过期"
              text="评价邀请在 30 天内有效。感谢您的关注，如有意见可直接致电门诊。"
            />
          ) : (
            <View>
              <View className="card sv-head" id="survey-head">
                <Text className="title">请评价本次就诊</Text>
                <Text className="sv-head-line">
                  {shown.patientName} · {chineseDate(shown.visitDate)}
                </Text>
                <Text className="sv-head-line">
                  {shown.clinicName} {shown.departmentName}
                  {shown.doctorName ? ` · ${shown.doctorName}` : ''}
                </Text>
                <Text className="muted">约 1 分钟，点星星打分即可。</Text>
              </View>
              <SurveyForm state={submit} submit={(a) => void send(shown, a)} />
            </View>
          )
        }
      </Loaded>
    </View>
  );
}
