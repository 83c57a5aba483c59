import {
  type AnswerSurveyInput,
  type SurveyDimension,
  surveyDimensionLabels,
  surveyDimensions,
} from '@shared/schemas/surveys';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';

const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];
const NPS = Array.from({ length: 11 }, (_, i) => i);

/** One dimension: its name and five big stars (each a 48 px target), the chosen word beside the name. */
function StarRow({ d, value, onPick }: { d: SurveyDimension; value?: number; onPick: (n: number) => void }) {
  return (
    <View className="sv-row" id={`row-${d}`}>
      <View className="sv-row-head">
        <Text className="sv-label">{surveyDimensionLabels[d]}</Text>
        <Text className="sv-word">{value ? STAR_WORDS[value] : '请打分'}</Text>
      </View>
      <View className="sv-stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <View
            key={n}
            id={`star-${d}-${n}`}
            className={`sv-star ${value && n <= value ? 'sv-star-on' : ''}`}
            onClick={() => onPick(n)}
            aria-label={`${surveyDimensionLabels[d]} ${n} 星`}
          >
            <Text>★</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

export interface SubmitState {
  busy: boolean;
  /** Why the last submit failed (network or server): the button tries again with the same answer. */
  error: string;
}

/**
 * The survey: six rows of five stars, "how likely to recommend us" 0–10 as big buttons, a comment,
 * one big 提交. Everything is reachable by a thumb; nothing is sent until each row has its stars.
 */
export function SurveyForm({ submit, state }: { submit: (a: AnswerSurveyInput) => void; state: SubmitState }) {
  const [scores, setScores] = useState<Partial<Record<SurveyDimension, number>>>({});
  const [nps, setNps] = useState<number | undefined>();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState('');
  const send = () => {
    const unrated = surveyDimensions.find((d) => !scores[d]);
    if (unrated) return setMissing(`请为「${surveyDimensionLabels[unrated]}」打星`);
    if (nps === undefined) return setMissing('请选择您向亲友推荐我们的可能性（0–10 分）');
    setMissing('');
    submit({
      scores: scores as Record<SurveyDimension, number>,
      nps,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
  };
  return (
    <View id="survey-form">
      {surveyDimensions.map((d) => (
        <StarRow key={d} d={d} value={scores[d]} onPick={(n) => setScores((s) => ({ ...s, [d]: n }))} />
      ))}
      <View className="sv-row" id="row-nps">
        <Text className="sv-label">您有多大可能把我们推荐给亲友？</Text>
        <Text className="muted sv-hint">0 分表示完全不会，10 分表示一定会</Text>
        <View className="sv-nps">
          {NPS.map((n) => (
            <View
              key={n}
              id={`nps-${n}`}
              className={`sv-nps-btn ${nps === n ? 'sv-nps-on' : ''}`}
              onClick={() => setNps(n)}
            >
              <Text>{n}</Text>
            </View>
          ))}
        </View>
      </View>
      <View className="sv-row">
        <Text className="sv-label">其他意见或建议（选填）</Text>
        <Textarea
          id="survey-comment"
          className="textarea sv-comment"
          value={comment}
          maxlength={500}
          placeholder="请写下您的感受，最多 500 字"
          onInput={(e) => setComment(e.detail.value)}
        />
        <Text className="muted sv-count">{Array.from(comment).length}/500</Text>
      </View>
      <Banner id="survey-missing" kind="warn" text={missing} />
      <Banner id="survey-error" text={state.error} />
      <Button
        id="survey-submit"
        className="btn btn-primary btn-big sv-submit"
        disabled={state.busy || undefined}
        onClick={send}
      >
        {state.busy ? '正在提交…' : state.error ? '重新提交' : '提交'}
      </Button>
    </View>
  );
}
