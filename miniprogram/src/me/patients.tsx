import { maskPhone } from '@shared/phone';
import { type PatientView, relationLabels } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { deleteMyPatient } from '../services/my-rights';
import { listMyPatients } from '../services/patients';
import { messageOf } from '../services/request';
import './patients.css';

const add = () => Taro.navigateTo({ url: '/pages/patient-form/index' });
const edit = (id: string) => Taro.navigateTo({ url: `/pages/patient-form/index?id=${encodeURIComponent(id)}` });

const NONE_YET = '您还没有添加就诊人。添加后即可预约挂号、查看就诊记录。';
const addFirst = (
  <Button id="go-add-patient" className="btn btn-primary" onClick={add}>
    添加第一位就诊人
  </Button>
);

/** 删除就诊人: what goes, what the hospital keeps and why, before anything is erased. */
function ConfirmDelete(props: { p: PatientView; busy: boolean; onYes: () => void; onNo: () => void }) {
  return (
    <View className="card danger-card" id="delete-confirm">
      <Text className="card-title">确定删除就诊人“{props.p.name}”吗？</Text>
      <Text className="delete-line">
        将删除：姓名、手机号、身份证号、出生日期、地址、职业、病史、备注等个人信息，以及预约、排队、消息、评价和回访里的姓名和留言。
      </Text>
      <Text className="delete-line">
        医院保留：就诊记录和费用、统计数字和排队号码。这些是法律要求医院保存的，只以编号保存，不再能看出是您。
      </Text>
      <Text className="delete-line">删除后不能恢复。这个手机号以后可以重新登记。</Text>
      <Button id="delete-yes" className="btn btn-danger" disabled={props.busy || undefined} onClick={props.onYes}>
        {props.busy ? '正在删除…' : '确认删除'}
      </Button>
      <Button id="delete-no" className="btn" onClick={props.onNo}>
        不删除
      </Button>
    </View>
  );
}

export default function Patients() {
  const [confirming, setConfirming] = useState<PatientView>();
  const [outcome, setOutcome] = useState({ busy: false, done: '', error: '' });
  const remove = async (p: PatientView) => {
    setOutcome({ busy: true, done: '', error: '' });
    try {
      await deleteMyPatient(p.id);
      setConfirming(undefined);
      setOutcome({ busy: false, done: `已删除就诊人“${p.name}”的个人信息。`, error: '' });
      await state.reload();
    } catch (e) {
      setOutcome({ busy: false, done: '', error: messageOf(e, '删除没有完成，请稍后重试') });
    }
  };
  // The account holder first, then the family in the order they were added.
  const state = useLoad(async () =>
    (await listMyPatients()).items
      .slice()
      .sort((a, b) => Number(b.relation === 'self') - Number(a.relation === 'self')),
  );
  return (
    <View className="page">
      <Text className="title">我的就诊人</Text>
      <Banner id="delete-done" kind="info" text={outcome.done} />
      <Banner id="delete-error" text={outcome.error} />
      {confirming ? (
        <ConfirmDelete
          p={confirming}
          busy={outcome.busy}
          onYes={() => void remove(confirming)}
          onNo={() => setConfirming(undefined)}
        />
      ) : null}
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
                <Button
                  id={`delete-${p.id}`}
                  className="btn btn-small btn-danger patient-delete"
                  onClick={(e) => {
                    // The card opens the form; this button only asks to delete.
                    e.stopPropagation();
                    setOutcome({ busy: false, done: '', error: '' });
                    setConfirming(p);
                  }}
                >
                  删除就诊人
                </Button>
              </View>
            ))}
            <Button id="go-add-patient" className="btn" onClick={add}>
              + 新增就诊人
            </Button>
            <Button id="go-export" className="btn" onClick={() => Taro.navigateTo({ url: '/me/export' })}>
              导出我的信息
            </Button>
          </View>
        )}
      </Loaded>
    </View>
  );
}
