import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Banner } from '../../components/Banner';
import type { DuplicatePhoneDetails } from '../../services/patients';

/** A 409 DUPLICATE_PHONE as the form explains it: the server's words plus what the person can do. */
export interface Duplicate extends DuplicatePhoneDetails {
  message: string;
  /** The phone is already on one of this account's own profiles. */
  mine: boolean;
}

interface Props {
  dup: Duplicate;
  sending: boolean;
  /** Prove the phone and claim the record: WeChat's phone-number code, none for the local stand-in. */
  onVerify: (phoneCode?: string) => void;
}

const isWeapp = process.env.TARO_ENV === 'weapp';

export default function DuplicatePhone({ dup, sending, onVerify }: Props) {
  const who = [dup.maskedName, dup.maskedPhone].filter(Boolean).join(' ');
  return (
    <Banner kind="warn" id="dup-phone" title={dup.message} text={who && !dup.mine ? `已建档：${who}` : undefined}>
      {dup.mine ? (
        <View>
          <Text className="banner-line">无需重复添加，可在“我的就诊人”中查看或修改。</Text>
          <Button
            id="dup-go-patients"
            className="btn btn-small"
            onClick={() => Taro.redirectTo({ url: '/me/patients' })}
          >
            查看我的就诊人
          </Button>
        </View>
      ) : dup.claimable ? (
        <View>
          <Text className="banner-line">如果这是您本人的档案，验证手机号后即可找回并关联到您的账号。</Text>
          {isWeapp ? (
            <Button
              id="verify-phone"
              className="btn btn-primary dup-verify"
              openType="getPhoneNumber"
              disabled={sending || undefined}
              onGetPhoneNumber={(e) => {
                const code = (e.detail as { code?: string }).code;
                if (code) onVerify(code);
                else Taro.showToast({ title: '未获得手机号授权', icon: 'none' });
              }}
            >
              验证手机号并找回档案
            </Button>
          ) : (
            <Button
              id="verify-phone"
              className="btn btn-primary dup-verify"
              disabled={sending || undefined}
              onClick={() => onVerify()}
            >
              验证手机号并找回档案（本地演示）
            </Button>
          )}
        </View>
      ) : (
        <Text className="banner-line">如需找回或修改该档案，请联系医院前台。</Text>
      )}
    </Banner>
  );
}
