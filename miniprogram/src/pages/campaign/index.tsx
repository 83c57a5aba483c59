import { type CampaignLanding, type SignupResult, signupInput } from '@shared/schemas/campaigns';
import { type Category, categories, categoryLabels } from '@shared/schemas/common';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../../components/Banner';
import Chips from '../../components/Chips';
import ConsentSwitch from '../../components/ConsentSwitch';
import { devLogin, wechatLogin } from '../../services/auth';
import { campaignLanding, signUp } from '../../services/campaigns';
import { ApiError } from '../../services/request';
import { getToken } from '../../services/session';
import { errorsByPath, errorsFromApi, type FieldErrors } from '../../utils/form';
import './index.css';

const isWeapp = process.env.TARO_ENV === 'weapp';
const H5_OPENID_KEY = 'pl_h5_openid';

/** The patient is never asked to log in here: WeChat signs in silently, H5 as a fresh demo patient. */
async function ensureSignedIn(): Promise<void> {
  if (getToken()) return;
  if (isWeapp) {
    await wechatLogin();
    return;
  }
  let openid = Taro.getStorageSync(H5_OPENID_KEY) as string;
  if (!openid) {
    openid = `h5-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    Taro.setStorageSync(H5_OPENID_KEY, openid);
  }
  await devLogin(openid);
}

/** Booking needs a signed-in account: sign in quietly first (the book page asks again if this failed). */
function goBook(): void {
  const go = () => void Taro.navigateTo({ url: '/pages/book/index' });
  ensureSignedIn().then(go, go);
}

function messageOf(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback;
}

function sceneOf(params: Record<string, string | undefined>): string {
  const raw = params.scene || params.id || '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

interface Form {
  name: string;
  phone: string;
  needs: Category[];
  marketing: boolean;
}

interface FieldProps {
  id: string;
  errorId: string;
  label: string;
  value: string;
  error?: string;
  placeholder: string;
  maxlength: number;
  type?: 'text' | 'number';
  onChange: (v: string) => void;
}

/** A big labelled input; its message has the short id the sign-up tests look for. */
function Field(p: FieldProps) {
  return (
    <View className="field">
      <Text className="label">{p.label}</Text>
      <Input
        id={p.id}
        className={`input cp-input${p.error ? ' input-error' : ''}`}
        value={p.value}
        type={p.type ?? 'text'}
        placeholder={p.placeholder}
        maxlength={p.maxlength}
        onInput={(e) => p.onChange(e.detail.value)}
      />
      {p.error ? (
        <Text className="error-text" id={p.errorId}>
          {p.error}
        </Text>
      ) : null}
    </View>
  );
}

const emptyForm: Form = { name: '', phone: '', needs: [], marketing: false };

function toInput(f: Form) {
  return {
    name: f.name,
    phone: f.phone,
    needs: f.needs.length ? f.needs : undefined,
    consents: { marketing: f.marketing },
  };
}

export default function CampaignPage() {
  const router = useRouter();
  const id = sceneOf(router.params);
  const [campaign, setCampaign] = useState<CampaignLanding>();
  const [loadProblem, setLoadProblem] = useState('');
  const [closed, setClosed] = useState('');
  const [form, setForm] = useState<Form>(emptyForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [banner, setBanner] = useState('');
  const [result, setResult] = useState<SignupResult>();

  const load = async () => {
    if (!id) {
      setLoadProblem('二维码信息不完整，请重新扫码');
      return;
    }
    setLoadProblem('');
    try {
      let c: CampaignLanding;
      try {
        c = await campaignLanding(id);
      } catch (e) {
        // A stale token on this phone: it was cleared, ask again without it.
        if (!(e instanceof ApiError && e.status === 401)) throw e;
        c = await campaignLanding(id);
      }
      setCampaign(c);
      if (c.state === 'upcoming') setClosed(`活动将于 ${c.startsOn} 开始，敬请期待`);
      else if (c.state === 'ended') setClosed(`活动已于 ${c.endsOn} 结束，感谢关注`);
      else {
        setClosed('');
        // Sign in now, quietly, so the sign-up is one tap; a failure here is retried on submit.
        ensureSignedIn().catch(() => undefined);
      }
    } catch (e) {
      setLoadProblem(
        e instanceof ApiError && e.status === 404
          ? '没有找到这个活动，请向工作人员确认二维码'
          : messageOf(e, '加载失败，请稍后重试'),
      );
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per campaign id
  useEffect(() => {
    void load();
  }, [id]);

  const validate = (f: Form) => {
    const r = signupInput.safeParse(toInput(f));
    return r.success ? {} : errorsByPath(r.error.issues);
  };

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((prev) => {
      const next = { ...prev, [k]: v };
      if (tried) setErrors(validate(next));
      return next;
    });
  };

  const toggleNeed = (v: string) => {
    const c = v as Category;
    set('needs', form.needs.includes(c) ? form.needs.filter((n) => n !== c) : [...form.needs, c]);
  };

  const submit = async () => {
    if (sending) return;
    setTried(true);
    setBanner('');
    const parsed = signupInput.safeParse(toInput(form));
    if (!parsed.success) {
      setErrors(errorsByPath(parsed.error.issues));
      setBanner('请按提示填写标红的内容');
      return;
    }
    setErrors({});
    setSending(true);
    try {
      await ensureSignedIn();
      let r: SignupResult;
      try {
        r = await signUp(id, parsed.data);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) throw e;
        await ensureSignedIn(); // the old sign-in had expired: sign in again and send once more
        r = await signUp(id, parsed.data);
      }
      setResult(r);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CAMPAIGN_NOT_STARTED' || e.code === 'CAMPAIGN_ENDED')) {
        setClosed(e.message);
      } else if (e instanceof ApiError && e.status === 400 && e.fields.length) {
        setErrors(errorsFromApi(e.fields));
        setBanner('请按提示填写标红的内容');
      } else {
        setBanner(messageOf(e, '提交失败，请稍后重试'));
      }
    } finally {
      setSending(false);
    }
  };

  const header = campaign ? (
    <View className="cp-hero">
      <Text className="cp-clinic" id="campaign-clinic">
        {campaign.clinicName || '口腔医院'}
      </Text>
      <Text className="cp-name" id="campaign-name">
        {campaign.name}
      </Text>
      <Text className="cp-dates">
        活动时间：{campaign.startsOn} 至 {campaign.endsOn}
      </Text>
    </View>
  ) : null;

  if (!campaign) {
    return (
      <View className="page" id="campaign-page">
        {loadProblem ? (
          <View className="banner banner-error" id="campaign-error">
            <Text className="banner-line">{loadProblem}</Text>
            {id ? (
              <Text className="link" onClick={() => void load()}>
                点此重试
              </Text>
            ) : null}
          </View>
        ) : (
          <Text className="muted">正在加载活动信息…</Text>
        )}
      </View>
    );
  }

  if (result) {
    return (
      <View className="page" id="campaign-page">
        {header}
        <View className="cp-result" id="signup-result">
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
    );
  }

  return (
    <View className="page" id="campaign-page">
      {header}
      {closed ? (
        <View className="cp-closed" id="campaign-closed">
          <Text className="cp-closed-text">{closed}</Text>
          <Text className="muted">如需看牙，可直接预约挂号。</Text>
          <Button className="btn btn-primary" onClick={goBook}>
            预约挂号
          </Button>
        </View>
      ) : (
        <View id="signup-form">
          <Text className="cp-lead">留下联系方式，工作人员会尽快与您联系，为您安排。</Text>
          <Banner id="signup-error" text={banner} />
          <Field
            id="signup-name"
            errorId="error-name"
            label="姓名"
            value={form.name}
            error={errors.name}
            placeholder="您的姓名"
            maxlength={30}
            onChange={(v) => set('name', v)}
          />
          <Field
            id="signup-phone"
            errorId="error-phone"
            label="手机号"
            type={isWeapp ? 'number' : 'text'}
            value={form.phone}
            error={errors.phone}
            placeholder="11 位手机号"
            maxlength={20}
            onChange={(v) => set('phone', v)}
          />
          <View className="field">
            <Text className="label">
              感兴趣的项目<Text className="label-hint">选填，可多选</Text>
            </Text>
            <Chips
              idPrefix="signup-need"
              options={categories.map((c) => ({ value: c, label: categoryLabels[c] }))}
              selected={form.needs}
              onToggle={toggleNeed}
            />
          </View>
          <ConsentSwitch
            id="signup-marketing"
            title="接收优惠和健康提醒（选填）"
            text="开启后，医院可通过短信或微信向您发送活动优惠和口腔健康提醒。不开启也能正常报名，您可以随时关闭。"
            checked={form.marketing}
            onChange={(on) => set('marketing', on)}
          />
          <Button
            id="signup-submit"
            className="btn btn-primary btn-big"
            disabled={sending || undefined}
            onClick={() => void submit()}
          >
            {sending ? '正在提交…' : '立即报名'}
          </Button>
          <Text className="consent-text">您的信息仅用于本院为您安排就诊服务，我们会妥善保护。</Text>
        </View>
      )}
    </View>
  );
}
