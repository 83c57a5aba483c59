import { Button, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Banner } from '../components/Banner';

/** Why a profile without the health-data consent cannot ask (or ask more), and the way to agree: its profile form. */
export function ConsentNeeded({ patientId, name }: { patientId: string; name: string }) {
  return (
    <Banner id="consent-needed" kind="warn" title="需要先开启健康信息授权">
      <Text className="banner-line">
        咨询的内容和照片属于健康信息。“{name}”还没有开启健康信息授权，开启后才能向医院提问。
      </Text>
      <Button
        id="go-consent"
        className="btn btn-primary"
        onClick={() => Taro.navigateTo({ url: `/pages/patient-form/index?id=${encodeURIComponent(patientId)}` })}
      >
        去开启健康信息授权
      </Button>
    </Banner>
  );
}
