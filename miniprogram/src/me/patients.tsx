import { maskPhone } from '@shared/phone';
import { relationLabels } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { listMyPatients } from '../services/patients';
import './patients.css';

const add = () => Taro.navigateTo({ url: '/pages/patient-form/index' });
const edit = (id: string) => Taro.navigateTo({ url: `/pages/patient-form/index?id=${encodeURIComponent(id)}` });

const NONE_YET = '您还没有添加就诊人。添加后即可预约挂号、查看就诊记录。';
const addFirst = (
  <Button id="go-add-patient" className="btn btn-primary" onClick={add}>
    添加第一位就诊人
  </Button>
);

export default function Patients() {
  // The account holder first, then the family in the order they were added.
  const state = useLoad(async () =>
    (await listMyPatients()).items
      .slice()
      .sort((a, b) => Number(b.relation === 'self') - Number(a.relation === 'self')),
  );
  return (
    <View className="page">
      <Text className="title">我的就诊人</Text>
      <Loaded
        state={state}
        id="patients-error"
        empty={{ when: (items) => items.length === 0, text: NONE_YET, action: addFirst }}
      >
        {(items) => (
          <View id="patient-list">
            {items.map((p) => (
              // The whole card opens the form: an old hand need not find a small link.
              <View className="card patient-item" key={p.id} id={`patient-${p.id}`} onClick={() => edit(p.id)}>
                <View className="row-between">
                  <View className="patient-item-main">
                    <Text className="card-title">
                      {p.name}
                      <Text className="tag">{relationLabels[p.relation ?? 'self']}</Text>
                    </Text>
                    <Text className="muted">
                      手机号 {maskPhone(p.phone)}
                      {p.phoneShared ? '（与本人共用）' : ''}
                    </Text>
                  </View>
                  <Text className="patient-item-edit" id={`edit-${p.id}`}>
                    编辑 ›
                  </Text>
                </View>
              </View>
            ))}
            <Button id="go-add-patient" className="btn" onClick={add}>
              + 新增就诊人
            </Button>
          </View>
        )}
      </Loaded>
    </View>
  );
}
