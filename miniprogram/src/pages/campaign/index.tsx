import type { CampaignLanding, SignupResult } from '@shared/schemas/campaigns';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../../components/Banner';
import { Loaded } from '../../components/Loaded';
import PhoneCallButton from '../../components/PhoneCallButton';
import { useLoad } from '../../hooks/use-load';
import { campaignLanding } from '../../services/campaigns';
import { ApiError } from '../../services/request';
import { SignupForm } from './SignupForm';
import { ensureSignedIn, goBook, sceneOf } from './sign-in';
import './index.css';

const NOT_FOUND = '没有找到这个活动，请向工作人员确认二维码';

/** The campaign as the public sees it; a stale sign-in on this phone is dropped and the read repeated. */
async function readLanding(id: string): Promise<CampaignLanding> {
  try {
    let c: CampaignLanding;
    try {
      c = await campaignLanding(id);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      c = await campaignLanding(id);
    }
    // Sign in now, quietly, so the sign-up is one tap; a failure here is retried on submit.
    if (c.state === 'running') ensureSignedIn().catch(() => undefined);
    return c;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new ApiError(404, e.code, NOT_FOUND);
    throw e;
  }
}

function closedText(c: CampaignLanding): string {
  if (c.state === 'upcoming') return `活动将于 ${c.startsOn} 开始，敬请期待`;
  if (c.state === 'ended') return `活动已于 ${c.endsOn} 结束，感谢关注`;
  return '';
}

/** Who runs the campaign and how to reach them: the first thing a careful patient checks. */
function Hero({ c }: { c: CampaignLanding }) {
  return (
    <View>
      <View className="cp-hero">
        <Text className="cp-clinic" id="campaign-clinic">
          {c.clinicName || '口腔医院'}
        </Text>
        <Text className="cp-name" id="campaign-name">
          {c.name}
        </Text>
        <Text className="cp-dates">
          活动时间：{c.startsOn} 至 {c.endsOn}
        </Text>
      </View>
      {c.description ? (
        <Text className="cp-description" id="campaign-description">
          {c.description}
        </Text>
      ) : null}
      {c.clinicAddress || c.clinicPhone ? (
        <View className="card cp-contact" id="campaign-contact">
          {c.clinicAddress ? (
            <Text className="cp-contact-line" id="campaign-address">
              地址：{c.clinicAddress}
            </Text>
          ) : null}
          {c.clinicPhone ? (
            <View className="row-between">
              <Text className="cp-contact-line" id="campaign-phone">
                电话：{c.clinicPhone}
              </Text>
              <PhoneCallButton id="campaign-call" phone={c.clinicPhone.replace(/\s/g, '')} />
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

export default function CampaignPage() {
  const id = sceneOf(useRouter().params);
  const landing = useLoad(() => readLanding(id), [id], false);
  const [closedBySignup, setClosedBySignup] = useState('');
  const [result, setResult] = useState<SignupResult>();

  if (!id) {
    return (
      <View className="page" id="campaign-page">
        <Banner id="campaign-error" text="二维码信息不完整，请重新扫码" />
        <Button id="campaign-go-home" className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
          进入首页
        </Button>
      </View>
    );
  }

  return (
    <View className="page" id="campaign-page">
      <Loaded state={landing} id="campaign-error">
        {(c) => {
          const closed = closedBySignup || closedText(c);
          return (
            <View>
              <Hero c={c} />
              {result ? (
                <View>
                  <View className="card-brand cp-result" id="signup-result">
                    <Text className="cp-result-mark">✓</Text>
                    <Text className="cp-result-text">{result.message}</Text>
                  </View>
                  <Button id="go-book" className="btn btn-primary btn-big" onClick={goBook}>
                    预约挂号
                  </Button>
                  <Button id="go-home" className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
                    进入首页
                  </Button>
                </View>
              ) : closed ? (
                <View className="cp-closed" id="campaign-closed">
                  <Text className="cp-closed-text">{closed}</Text>
                  <Text className="muted">如需看牙，可直接预约挂号。</Text>
                  <Button className="btn btn-primary" onClick={goBook}>
                    预约挂号
                  </Button>
                </View>
              ) : (
                <SignupForm campaignId={id} onDone={setResult} onClosed={setClosedBySignup} />
              )}
            </View>
          );
        }}
      </Loaded>
      {landing.error && !landing.data ? (
        <Button id="campaign-go-home" className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
          进入首页
        </Button>
      ) : null}
    </View>
  );
}
