import type { MessageTemplateView } from '@shared/schemas/messages';
import { Button, Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import FormField from '../components/FormField';
import { updateTemplate } from '../services/message-centre';
import { ApiError, messageOf, showError } from '../services/request';
import { kindLabels } from './messages-labels';

/** The problems the server found in a text, one per line (400 details.problems), else its message. */
function problemsOf(e: unknown): string {
  const d = e instanceof ApiError ? (e.details as { problems?: unknown } | undefined) : undefined;
  if (Array.isArray(d?.problems)) return d.problems.filter((p) => typeof p === 'string').join('\n');
  return messageOf(e, '保存失败，请稍后重试');
}

/** One kind's template: the SMS as a patient gets it, its length, the clinic's switch and the editor. */
function TemplateCard({ t, onSaved }: { t: MessageTemplateView; onSaved: (t: MessageTemplateView) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(t.text);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (change: { text?: string; enabled?: boolean }) => {
    setBusy(true);
    try {
      const saved = await updateTemplate(t.kind, change);
      onSaved(saved);
      setError('');
      if (change.text !== undefined) setEditing(false);
    } catch (e) {
      if (change.text !== undefined) setError(problemsOf(e));
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card mc-template" id={`template-${t.kind}`}>
      <View className="row-between">
        <Text className="card-title">{kindLabels[t.kind]}</Text>
        <View className="mc-switch">
          <Text className="mc-switch-label">{t.enabled ? '已启用' : '已停用'}</Text>
          <Switch
            id={`template-${t.kind}-enabled`}
            className="consent-switch"
            checked={t.enabled}
            color="#0f766e"
            disabled={busy || undefined}
            onChange={(e) => void save({ enabled: Boolean(e.detail.value) })}
          />
        </View>
      </View>
      <Text className="mc-preview" id={`template-${t.kind}-preview`}>
        {t.preview}
      </Text>
      <Text className="muted mc-line" id={`template-${t.kind}-length`}>
        共 {t.smsLength} 字，{t.smsParts} 条短信{t.isDefault ? '（默认模板）' : ''}
      </Text>
      {editing ? (
        <View>
          <FormField
            id={`field-template-${t.kind}`}
            label="模板内容"
            hint={`可用：${t.variables.map((v) => `{${v}}`).join(' ')}`}
            value={text}
            maxlength={300}
            multiline
            error={error}
            onChange={setText}
          />
          <View className="row">
            <Button
              id={`template-${t.kind}-save`}
              className="btn btn-primary mc-half"
              disabled={busy || undefined}
              onClick={() => void save({ text })}
            >
              {busy ? '正在保存…' : '保存'}
            </Button>
            <Button
              className="btn mc-half"
              onClick={() => {
                setEditing(false);
                setText(t.text);
                setError('');
              }}
            >
              取消
            </Button>
          </View>
        </View>
      ) : (
        <Button id={`template-${t.kind}-edit`} className="btn" onClick={() => setEditing(true)}>
          修改模板
        </Button>
      )}
    </View>
  );
}

/** The clinic's four templates; a saved one replaces its card's data in place. */
export function Templates({
  items,
  onChange,
}: {
  items: MessageTemplateView[];
  onChange: (items: MessageTemplateView[]) => void;
}) {
  return (
    <View id="templates">
      {items.map((t) => (
        <TemplateCard key={t.kind} t={t} onSaved={(s) => onChange(items.map((x) => (x.kind === s.kind ? s : x)))} />
      ))}
    </View>
  );
}
