import type { HisCredentialView } from '@shared/schemas/his';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { issueHisCredential } from '../services/his';
import { messageOf } from '../services/request';
import { confirmDanger } from '../utils/dialogs';

/** 生成 HIS 密钥: what the HIS vendor signs with (README 对接 HIS); the secret is shown this once. */
export function HisKey() {
  const [issued, setIssued] = useState<HisCredentialView | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const issue = async () => {
    const ok = await confirmDanger({
      title: '生成 HIS 密钥',
      content: '生成新密钥后，HIS 正在使用的旧密钥立即失效，需要把新密钥交给 HIS 厂商重新配置。确定生成？',
      confirmText: '生成',
      cancelText: '取消',
    });
    if (!ok) return;
    setBusy(true);
    setError('');
    try {
      setIssued(await issueHisCredential());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const copy = (c: HisCredentialView) =>
    void Taro.setClipboardData({ data: `门诊编号 ${c.clinicId}\n密钥编号 ${c.keyId}\n密钥 ${c.secret}` });

  return (
    <View className="card his-key" id="his-key">
      <Text className="line-strong">HIS 密钥</Text>
      <Text className="his-line muted">HIS 厂商用它给发来的收费和治疗记录签名。生成后请连同对接说明一起交给厂商。</Text>
      <Banner id="his-key-error" text={error} />
      {issued ? (
        <View id="his-key-issued">
          <Banner kind="warn" text="密钥只显示这一次，请立即复制并交给 HIS 厂商。" />
          <Text className="his-line">门诊编号：{issued.clinicId}</Text>
          <Text className="his-line">密钥编号：{issued.keyId}</Text>
          <Text className="his-line his-secret" id="his-key-secret">
            密钥：{issued.secret}
          </Text>
          <Button id="his-key-copy" className="btn" onClick={() => copy(issued)}>
            复制这三项
          </Button>
        </View>
      ) : (
        <Button id="his-key-issue" className="btn" disabled={busy || undefined} onClick={() => void issue()}>
          {busy ? '正在生成…' : '生成 HIS 密钥'}
        </Button>
      )}
    </View>
  );
}
