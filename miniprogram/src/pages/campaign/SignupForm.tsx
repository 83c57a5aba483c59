import { type SignupInput, type SignupResult, signupInput } from '@shared/schemas/campaigns';
import { type Category, categories, categoryLabels } from '@shared/schemas/common';
import { Button, Text, View } from '@tarojs/components';
import { Banner } from '../../components/Banner';
import Chips from '../../components/Chips';
import ConsentSwitch from '../../components/ConsentSwitch';
import FormField from '../../components/FormField';
import { useZodForm } from '../../hooks/use-zod-form';
import { signUp } from '../../services/campaigns';
import { ApiError } from '../../services/request';
import { ensureSignedIn } from './sign-in';

interface Form {
  name: string;
  phone: string;
  needs: Category[];
  marketing: boolean;
}

const initial: Form = { name: '', phone: '', needs: [], marketing: false };

const toInput = (f: Form) => ({
  name: f.name,
  phone: f.phone,
  needs: f.needs.length ? f.needs : undefined,
  consents: { marketing: f.marketing },
});

const CLOSED_CODES = ['CAMPAIGN_NOT_STARTED', 'CAMPAIGN_ENDED'];

/** Name and phone (plus what interests them): one tap to ask the clinic to call back. */
export function SignupForm(p: {
  campaignId: string;
  onDone: (r: SignupResult) => void;
  onClosed: (why: string) => void;
}) {
  const form = useZodForm({ schema: signupInput, initial, toInput });
  const needs = form.values.needs;

  const send = async (input: SignupInput) => {
    await ensureSignedIn();
    try {
      p.onDone(await signUp(p.campaignId, input));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      // The sign-in on this phone had expired: sign in again and send once more.
      await ensureSignedIn();
      p.onDone(await signUp(p.campaignId, input));
    }
  };
  const submit = () =>
    void form.submit(send, {
      onRefused: (e) => {
        if (!CLOSED_CODES.includes(e.code)) return false;
        p.onClosed(e.message);
        return true;
      },
    });
  const toggleNeed = (v: string) => {
    const c = v as Category;
    form.set('needs', needs.includes(c) ? needs.filter((n) => n !== c) : [...needs, c]);
  };

  return (
    <View id="signup-form">
      <Text className="cp-lead">留下联系方式，工作人员会尽快给您回电，为您安排。</Text>
      <Banner id="signup-error" text={form.banner} />
      <FormField {...form.field('name')} id="signup-name" label="姓名" placeholder="您的姓名" maxlength={30} />
      <FormField
        {...form.field('phone')}
        id="signup-phone"
        label="手机号"
        type="phone"
        placeholder="11 位手机号，用于回电"
      />
      <View className="field">
        <Text className="label">
          感兴趣的项目<Text className="label-hint">选填，可多选</Text>
        </Text>
        <Chips
          idPrefix="signup-need"
          options={categories.map((c) => ({ value: c, label: categoryLabels[c] }))}
          selected={needs}
          onToggle={toggleNeed}
        />
      </View>
      <ConsentSwitch
        id="signup-marketing"
        title="接收优惠和健康提醒（选填）"
        text="开启后，医院可通过短信或微信向您发送活动优惠和口腔健康提醒。不开启也能正常报名，您可以随时关闭。"
        checked={form.values.marketing}
        onChange={(on) => form.set('marketing', on)}
      />
      <Button
        id="signup-submit"
        className="btn btn-primary btn-big"
        disabled={form.sending || undefined}
        onClick={submit}
      >
        {form.sending ? '正在提交…' : '立即报名'}
      </Button>
      <Text className="consent-text">您的信息仅用于本院为您安排就诊服务，我们会妥善保护。</Text>
    </View>
  );
}
