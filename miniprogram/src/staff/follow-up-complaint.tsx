import { clinicDate, clinicTime } from '@shared/dates';
import type { FollowUpView } from '@shared/schemas/follow-ups';
import { npsBand, surveyDimensionLabels, surveyDimensions } from '@shared/schemas/surveys';
import { Text, View } from '@tarojs/components';

const bandLabels = { promoter: '推荐者', passive: '中立者', detractor: '贬损者' } as const;

/** "12-06 15:00" of an instant, in the clinic's time. */
const shortInstant = (at: string) => `${clinicDate(new Date(at)).slice(5)} ${clinicTime(at)}`;

/** A complaint's mark, deadline and the survey answer it came from: every score, low ones in red. */
export function ComplaintDetails({ t, now = new Date() }: { t: FollowUpView; now?: Date }) {
  const a = t.answer;
  const late = t.dueAt ? now.toISOString() > t.dueAt : false;
  return (
    <View className="fu-complaint" id={`complaint-${t.id}`}>
      <View className="fu-complaint-head">
        <Text className="fu-badge">投诉</Text>
        {t.dueAt ? (
          <Text className={late ? 'fu-due fu-due-late' : 'fu-due'}>
            {late ? '已超时 · ' : ''}请在 {shortInstant(t.dueAt)} 前处理
          </Text>
        ) : null}
      </View>
      {a ? (
        <View className="fu-answer">
          <Text className="muted">满意度评价（{shortInstant(a.answeredAt)} 提交）</Text>
          <View className="fu-scores">
            {surveyDimensions.map((d) => (
              <Text key={d} className={a.scores[d] <= 2 ? 'fu-score fu-score-low' : 'fu-score'}>
                {surveyDimensionLabels[d]} {a.scores[d]}★
              </Text>
            ))}
          </View>
          <Text className={a.nps <= 6 ? 'fu-score fu-score-low' : 'fu-score'}>
            推荐意愿 {a.nps}/10（{bandLabels[npsBand(a.nps)]}）
          </Text>
          <Text className="fu-comment">{a.comment ? `“${a.comment}”` : '（未填写意见）'}</Text>
        </View>
      ) : null}
    </View>
  );
}
