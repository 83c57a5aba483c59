import { maskPhone } from '@shared/phone';
import { type PatientView, relationLabels } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { listMyPatients } from '../../services/patients';
import { ApiError } from '../../services/request';

export default function Patients() {
  const [items, setItems] = useState<PatientView[] | undefined>();
  const [problem, setProblem] = useState('');
  const [loading, setLoading] = useState(false);

  const load = async () => {
    setLoading(true);
    setProblem('');
    try {
      setItems((await listMyPatients()).items);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '加载失败，请稍后重试');
    } finally {
      setLoading(false);
    }
  };

  useDidShow(() => {
    void load();
  });

  const add = () => Taro.navigateTo({ url: '/pages/patient-form/index' });

  return (
    <View className="page">
      <Text className="title">我的就诊人</Text>
      {problem ? (
        <View className="banner banner-error" id="patients-error">
          <Text className="banner-line">{problem}</Text>
          <Text className="link" onClick={() => void load()}>
            点此重试
          </Text>
        </View>
      ) : null}
      {loading && !items ? <Text className="muted">正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <View className="card empty" id="patients-empty">
          <Text className="empty-text">您还没有添加就诊人。添加后即可预约挂号、查看就诊记录。</Text>
          <Button id="go-add-patient" className="btn btn-primary" onClick={add}>
            添加第一位就诊人
          </Button>
        </View>
      ) : null}
      {items && items.length > 0 ? (
        <View id="patient-list">
          {items.map((p) => (
            <View className="card patient-item" key={p.id} id={`patient-${p.id}`}>
              <View className="row-between">
                <View>
                  <Text className="card-title">
                    {p.name}
                    <Text className="tag">{relationLabels[p.relation ?? 'self']}</Text>
                  </Text>
                  <Text className="muted">手机号 {maskPhone(p.phone)}</Text>
                </View>
                <Text
                  className="link"
                  id={`edit-${p.id}`}
                  onClick={() => Taro.navigateTo({ url: `/pages/patient-form/index?id=${encodeURIComponent(p.id)}` })}
                >
                  编辑 ›
                </Text>
              </View>
            </View>
          ))}
          <Button id="go-add-patient" className="btn" onClick={add}>
            + 新增就诊人
          </Button>
        </View>
      ) : null}
    </View>
  );
}
