import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';
import './index.css';

interface Props {
  id?: string;
  /** The number to dial, digits as stored. */
  phone: string;
  label?: string;
}

/** A finger-sized 拨打 button: WeChat asks before it dials; on H5 the browser opens tel:. */
export default function PhoneCallButton({ id, phone, label = '拨打' }: Props) {
  // Cancelling the call is not an error a person needs to hear about.
  const dial = () => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  return (
    <Button id={id} className="btn btn-small btn-call" onClick={dial}>
      {label}
    </Button>
  );
}
