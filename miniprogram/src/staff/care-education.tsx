import type { MeView } from '@shared/schemas/auth';
import type { EducationItem } from '@shared/schemas/care';
import { Button, Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { education } from '../services/care';
import { saveEducation } from '../services/care-staff';
import { ApiError, messageOf } from '../services/request';
import { issuesAt, linesOf } from './care-form';
import DeptChips from './DeptChips';
import { useDepartments } from './use-departments';

interface Draft {
  /** A key of its own: items are removed from the middle, so an index would hand one's state to the next. */
  key: number;
  title: string;
  text: string;
  published: boolean;
}

let nextKey = 0;
const draftOf = (i: EducationItem): Draft => ({
  key: nextKey++,
  title: i.title,
  text: i.lines.join('\n'),
  published: i.published,
});

/** One department's items as editable drafts; 保存 sends them all and shows the server's issues beside each. */
function Items({ departmentId, initial }: { departmentId: string; initial: EducationItem[] }) {
  const [drafts, setDrafts] = useState<Draft[]>(initial.map(draftOf));
  const [issues, setIssues] = useState<ApiError['fields']>([]);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const change = (i: number, d: Partial<Draft>) => setDrafts(drafts.map((x, j) => (j === i ? { ...x, ...d } : x)));

  const save = async () => {
    setBusy(true);
    try {
      const saved = await saveEducation(
        departmentId,
        drafts.map((d) => ({ title: d.title, lines: linesOf(d.text), published: d.published })),
      );
      setDrafts(saved.items.map(draftOf));
      setIssues([]);
      setNote({ kind: 'ok', text: '已保存，候诊大屏和患者排队页将显示已发布的宣教' });
    } catch (e) {
      setIssues(e instanceof ApiError ? e.fields : []);
      setNote({ kind: 'error', text: messageOf(e, '保存失败，请稍后重试') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View id="care-education">
      {drafts.map((d, i) => {
        const err = issuesAt(issues, `items.${i}`);
        return (
          <View className="card" key={d.key} id={`edu-item-${i}`}>
            <FormField
              id={`edu-title-${i}`}
              label={`宣教 ${i + 1} 标题`}
              value={d.title}
              maxlength={20}
              error={err.title}
              onChange={(title) => change(i, { title })}
            />
            <FormField
              id={`edu-lines-${i}`}
              label="内容"
              hint="每行一句，最多 3 行"
              value={d.text}
              multiline
              error={err.lines}
              onChange={(text) => change(i, { text })}
            />
            <View className="row-between">
              <Text>{d.published ? '已发布' : '草稿（患者看不到）'}</Text>
              <Switch
                id={`edu-published-${i}`}
                className="consent-switch"
                checked={d.published}
                color="#0f766e"
                onChange={(e) => change(i, { published: Boolean(e.detail.value) })}
              />
            </View>
            <Button className="btn" id={`edu-remove-${i}`} onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
              删除这条
            </Button>
          </View>
        );
      })}
      <Button
        className="btn"
        id="edu-add"
        onClick={() => setDrafts([...drafts, { key: nextKey++, title: '', text: '', published: false }])}
      >
        添加一条宣教
      </Button>
      {note ? <Banner id="edu-note" kind={note.kind === 'ok' ? 'info' : 'error'} text={note.text} /> : null}
      <Button className="btn btn-primary" id="edu-save" disabled={busy || undefined} onClick={() => void save()}>
        {busy ? '正在保存…' : '保存宣教'}
      </Button>
    </View>
  );
}

/** 候诊宣教: pick a department, edit its items. */
export function EducationEditor({ user }: { user: MeView }) {
  const d = useDepartments(user);
  const state = useLoad(() => (d.deptId ? education(d.deptId) : Promise.resolve(undefined)), [d.deptId], false);
  return (
    <View>
      <DeptChips idPrefix="care-dept" d={d} />
      <Loaded state={state} id="care-education-error">
        {(e) => (e ? <Items key={e.departmentId} departmentId={e.departmentId} initial={e.items} /> : null)}
      </Loaded>
    </View>
  );
}
