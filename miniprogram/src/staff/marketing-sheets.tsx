import { clinicDate, clinicTime } from '@shared/dates';
import { spacedPhone } from '@shared/phone';
import { type CampaignView, campaignLandingUrl, type TouchView } from '@shared/schemas/campaigns';
import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Loaded } from '../components/Loaded';
import PhoneCallButton from '../components/PhoneCallButton';
import { useLoad } from '../hooks/use-load';
import { campaignQrCode, campaignTouches } from '../services/campaigns';
import { monthDay, Sheet } from './stats-ui';

/**
 * Where the landing page lives. On H5 it is this very site; a weapp build has no site of its own, and
 * locally the API's server also serves the H5 app, so its address is the one to hand out.
 */
function siteOrigin(): string {
  if (process.env.TARO_ENV === 'h5') return window.location.origin;
  return process.env.TARO_APP_API_BASE || '';
}

/** The campaign's code to scan, and its landing link to paste into a chat or an article. */
export function QrSheet({ c, onClose }: { c: CampaignView; onClose: () => void }) {
  const qr = useLoad(() => campaignQrCode(c.id), [c.id], false);
  const [copyProblem, setCopyProblem] = useState(false);
  const link = campaignLandingUrl(siteOrigin(), c.scene);
  const copy = () => {
    setCopyProblem(false);
    Taro.setClipboardData({ data: link }).catch(() => setCopyProblem(true));
  };
  return (
    <Sheet id="qr-modal" title={c.name} onClose={onClose}>
      <Loaded state={qr} id="qr-error">
        {(image) => <Image id="qr-image" className="mk-qr" src={image} showMenuByLongpress />}
      </Loaded>
      <Text className="banner-line">请患者用微信扫一扫报名</Text>
      <Text className="muted">报名会计入您的活动；屏幕调亮更容易扫。</Text>
      <View className="mk-link-box">
        <Text className="mk-link-label">报名链接（可发给患者或贴到文章里）</Text>
        <Text className="mk-link" id="qr-link" userSelect>
          {link}
        </Text>
      </View>
      {copyProblem ? <Text className="error-text">复制没有成功，请长按上面的链接手动复制。</Text> : null}
      <Button id="qr-copy" className="btn btn-primary" onClick={copy}>
        复制链接
      </Button>
    </Sheet>
  );
}

function TouchRow({ t, index }: { t: TouchView; index: number }) {
  const when = `${monthDay(clinicDate(new Date(t.at)))} ${clinicTime(t.at)}`;
  return (
    <View className="mk-touch" id={`touch-${index}`}>
      <View className="mk-touch-who">
        <Text className="line-strong mk-touch-name">
          {t.maskedName}
          <Text className={`mk-pill mk-pill-${t.kind === 'new' ? 'brand' : 'warn'}`}>
            {t.kind === 'new' ? '新建档' : `已是${t.ownerStaffName || '本院'}的患者`}
          </Text>
        </Text>
        <Text className={t.phone ? 'mk-phone' : 'muted'} id={`touch-${index}-phone`}>
          {t.phone ? spacedPhone(t.phone) : t.maskedPhone}
        </Text>
        <Text className="muted">{when} 报名</Text>
      </View>
      {t.phone ? <PhoneCallButton id={`touch-${index}-call`} phone={t.phone} /> : null}
    </View>
  );
}

/** Who signed up, newest first; the owner calls each new one back from here. */
export function TouchesSheet({ c, onClose }: { c: CampaignView; onClose: () => void }) {
  const touches = useLoad(() => campaignTouches(c.id), [c.id], false);
  return (
    <Sheet id="touches-modal" title={`${c.name} · 报名名单`} onClose={onClose}>
      <View id="touches-list">
        <Loaded state={touches} id="touches-error" empty={{ when: (r) => r.items.length === 0, text: '还没有人报名' }}>
          {(r) => (
            <View>
              <Text className="muted mk-touch-note">
                新报名的患者请尽快回电；已是本院患者的，号码只显示部分，由档案归属人联系。
              </Text>
              {r.items.map((t, i) => (
                <TouchRow key={`${t.at}-${t.maskedPhone}`} t={t} index={i} />
              ))}
            </View>
          )}
        </Loaded>
      </View>
    </Sheet>
  );
}
