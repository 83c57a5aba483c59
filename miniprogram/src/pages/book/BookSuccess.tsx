import type { ClinicView } from '@shared/schemas/auth';
import type { AppointmentView } from '@shared/schemas/visit-day';
import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Banner } from '../../components/Banner';
import { RemindButton } from '../../components/RemindButton';
import { dayWord, longDate, timeRange } from '../../utils/days';
import KeyValue from './KeyValue';

/** The booking went through: what, when, where, and the way on. */
export default function BookSuccess({ done, clinic }: { done: AppointmentView; clinic?: ClinicView }) {
  return (
    <View className="page" id="book-success">
      <Banner kind="info" title="✓ 预约成功" text="请按预约时间到院，到院后在前台或用“到院签到”取号。" />
      <View className="card">
        <KeyValue k="就诊人" v={done.patientName} />
        <KeyValue k="医院" v={done.clinicName} />
        <KeyValue k="科室" v={done.departmentName} />
        <KeyValue k="日期" v={`${longDate(done.date)}（${dayWord(done.date)}）`} />
        <KeyValue k="时间" v={timeRange(done.startsAt, done.endsAt)} />
        {clinic?.address ? <KeyValue k="地址" v={`${clinic.city} ${clinic.address}`} /> : null}
      </View>
      <RemindButton id="book-remind" kind="appointment" label="预约成功，提醒我" />
      <Button
        id="book-go-appointments"
        className="btn"
        onClick={() => Taro.redirectTo({ url: '/pages/appointments/index' })}
      >
        查看我的预约
      </Button>
      <Button className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        返回首页
      </Button>
    </View>
  );
}
