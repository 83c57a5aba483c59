import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useLoad } from '../hooks/use-load';
import { listConsultations } from '../services/consultations';

const PEEK = 50;

/** 在线咨询 on the staff home, with how many questions wait for an answer (one small read; 50+ beyond). */
export function ConsultDeskButton() {
  const waiting = useLoad(() => listConsultations({ status: 'waiting' }, undefined, PEEK));
  const d = waiting.data;
  const count = d ? (d.nextCursor ? `${PEEK}+` : String(d.items.length)) : '';
  return (
    <Button
      id="go-staff-consult"
      className="btn btn-primary"
      onClick={() => Taro.navigateTo({ url: '/staff/consult' })}
    >
      在线咨询{count && count !== '0' ? `（${count} 条待回复）` : ''}
    </Button>
  );
}
