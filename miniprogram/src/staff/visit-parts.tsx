import { type Category, categoryLabels } from '@shared/schemas/common';
import { formatFen, type VisitView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Banner } from '../components/Banner';

const categoryText = (c: string) => categoryLabels[c as Category] ?? c;

/** The patient's last visits, so the doctor sees what was done before. */
export function VisitHistory({ history, timeline }: { history: VisitView[]; timeline?: string }) {
  if (history.length === 0) return null;
  return (
    <View className="card" id="visit-history">
      <View className="row-between">
        <Text className="card-title">以往就诊（{history.length} 次）</Text>
        {timeline ? (
          <Text className="link" id="visit-timeline" onClick={() => void Taro.navigateTo({ url: timeline })}>
            时间线
          </Text>
        ) : null}
      </View>
      {history.slice(0, 5).map((v) => (
        <Text className="history-line" key={v.id}>
          {v.date} {categoryText(v.category)} {formatFen(v.chargeFen)}
          {v.doctorName ? ` ${v.doctorName}` : ''}
          {v.notes ? ` · ${v.notes}` : ''}
        </Text>
      ))}
    </View>
  );
}

/** What was saved, and the way back to the desk. */
export function VisitSaved({ saved, who }: { saved: VisitView; who: string }) {
  return (
    <View className="page" id="visit-saved">
      <Banner kind="info" title="✓ 就诊信息已保存" text={who} />
      <View className="card">
        <Text className="banner-line">项目：{categoryText(saved.category)}</Text>
        <Text className="banner-line">收费：{formatFen(saved.chargeFen)}</Text>
        {saved.doctorName ? <Text className="banner-line">医生：{saved.doctorName}</Text> : null}
        <Text className="banner-line">下次复诊：{saved.nextRevisitDate ?? '未约定'}</Text>
      </View>
      <Button
        id="visit-back"
        className="btn btn-primary"
        onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/staff/queue' }))}
      >
        返回叫号台
      </Button>
    </View>
  );
}
