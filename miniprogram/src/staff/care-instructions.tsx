import type { CareInstructionsView } from '@shared/schemas/care';
import { type Category, categoryLabels } from '@shared/schemas/common';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import FormField from '../components/FormField';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { careInstructions, saveCareInstructions } from '../services/care-staff';
import { ApiError, messageOf } from '../services/request';
import { issuesAt, linesOf } from './care-form';

/** One category's 术后须知: title and lines (one a line), saved with the server's issues beside each field. */
function Editor({ c, onSaved }: { c: CareInstructionsView; onSaved: (c: CareInstructionsView) => void }) {
  const [title, setTitle] = useState(c.title);
  const [text, setText] = useState(c.lines.join('\n'));
  const [issues, setIssues] = useState<ApiError['fields']>([]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const saved = await saveCareInstructions(c.category, { title, lines: linesOf(text) });
      onSaved(saved);
      setIssues([]);
      setNote({ ok: true, text: '已保存，患者就诊后将看到新的须知' });
    } catch (e) {
      setIssues(e instanceof ApiError ? e.fields : []);
      setNote({ ok: false, text: messageOf(e, '保存失败，请稍后重试') });
    } finally {
      setBusy(false);
    }
  };
  const err = issuesAt(issues, '');
  return (
    <View className="card" id={`care-${c.category}`}>
      <Text className="muted">{c.isDefault ? '默认内容（本院尚未修改）' : '本院已修改'}</Text>
      <FormField id="care-title" label="标题" value={title} maxlength={20} error={err.title} onChange={setTitle} />
      <FormField
        id="care-lines"
        label="须知内容"
        hint="每行一条，最多 8 条，每条不超过 60 字"
        value={text}
        multiline
        error={err.lines}
        onChange={setText}
      />
      {note ? <Banner id="care-note" kind={note.ok ? 'info' : 'error'} text={note.text} /> : null}
      <Button className="btn btn-primary" id="care-save" disabled={busy || undefined} onClick={() => void save()}>
        {busy ? '正在保存…' : '保存须知'}
      </Button>
    </View>
  );
}

/** 术后须知: pick a visit category, edit its text. */
export function InstructionsEditor() {
  const state = useLoad(() => careInstructions(), [], false);
  const [category, setCategory] = useState<Category>('extraction');
  return (
    <Loaded state={state} id="care-instructions-error">
      {(all) => {
        const c = all.items.find((i) => i.category === category);
        return (
          <View id="care-instructions">
            <Text className="label">就诊类别</Text>
            <Chips
              idPrefix="care-category"
              options={all.items.map((i) => ({ value: i.category, label: categoryLabels[i.category] }))}
              selected={category}
              onToggle={(v) => setCategory(v as Category)}
            />
            {c ? (
              <Editor
                key={c.category}
                c={c}
                onSaved={(s) =>
                  state.setData({ ...all, items: all.items.map((i) => (i.category === s.category ? s : i)) })
                }
              />
            ) : null}
          </View>
        );
      }}
    </Loaded>
  );
}
