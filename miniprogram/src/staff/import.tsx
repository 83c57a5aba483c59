import type { ImportField, ImportRowStatus, PatientImportView } from '@shared/schemas/imports';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import { Loaded } from '../components/Loaded';
import { LoadMore } from '../components/LoadMore';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { useMore } from '../hooks/use-more';
import {
  chooseSheet,
  downloadImportReport,
  importRows,
  listImports,
  mapImport,
  runImport,
  uploadImport,
} from '../services/imports';
import { messageOf } from '../services/request';
import { ColumnPickers, Counts, ImportItem, Progress, RowItem } from './import-parts';
import { MANAGERS } from './roles';
import './staff.css';
import './import.css';

const isH5 = process.env.TARO_ENV === 'h5';
type Tab = 'all' | ImportRowStatus;
const tabs: { value: Tab; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'new', label: '新建' },
  { value: 'existing', label: '已存在' },
  { value: 'invalid', label: '无效' },
];

/** The file's rows with their verdicts, 20 at a time, filtered by verdict. */
function Rows({ v }: { v: PatientImportView }) {
  const [tab, setTab] = useState<Tab>('all');
  const status = tab === 'all' ? undefined : tab;
  const version = `${v.id}:${v.status}:${v.progress.processed}:${JSON.stringify(v.counts)}`;
  const list = useLoad(() => importRows(v.id, status), [version, tab], false);
  const { more, loadMore } = useMore(
    list,
    (c) => importRows(v.id, status, c),
    (r) => String(r.row),
  );
  return (
    <View>
      <Text className="card-title">文件中的行</Text>
      <Chips idPrefix="import-tab" options={tabs} selected={tab} onToggle={(t) => setTab(t as Tab)} />
      <Loaded state={list} id="import-rows-error" empty={{ when: (d) => d.items.length === 0, text: '没有这样的行。' }}>
        {(d) => (
          <View id="import-rows">
            {d.items.map((r) => (
              <RowItem key={r.row} r={r} />
            ))}
            <LoadMore
              id="import-more"
              more={more}
              hasMore={Boolean(d.nextCursor)}
              onMore={() => void loadMore()}
              endText="已全部显示"
            />
          </View>
        )}
      </Loaded>
    </View>
  );
}

/** Earlier imports of the clinic: open one to see it, resume it or download its report. */
function Earlier({ onOpen }: { onOpen: (v: PatientImportView) => void }) {
  const list = useLoad(() => listImports(), []);
  return (
    <Loaded state={list} id="imports-error" empty={{ when: (d) => d.items.length === 0, text: '还没有导入过患者。' }}>
      {(d) => (
        <View id="imports-list">
          <Text className="card-title">以前的导入</Text>
          {d.items.map((v) => (
            <ImportItem key={v.id} v={v} onOpen={() => onOpen(v)} />
          ))}
        </View>
      )}
    </Loaded>
  );
}

function ImportDesk() {
  const [current, setCurrent] = useState<PatientImportView>();
  const [busy, setBusy] = useState<'' | 'upload' | 'map' | 'run' | 'report'>('');
  const [problem, setProblem] = useState('');
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const act = async (what: typeof busy, work: () => Promise<void>) => {
    if (busy) return;
    setBusy(what);
    setProblem('');
    try {
      await work();
    } catch (e) {
      if (alive.current) setProblem(messageOf(e));
    } finally {
      if (alive.current) setBusy('');
    }
  };
  const choose = () =>
    act('upload', async () => {
      const file = await chooseSheet();
      if (file) setCurrent(await uploadImport(file.name, file.base64));
    });
  const pick = (header: string, field: ImportField | 'ignore') =>
    act('map', async () => {
      if (current) setCurrent(await mapImport(current.id, header, field));
    });
  // Calls run again and again while the import runs: each call works up to ~20 s and saves as it goes.
  const run = () =>
    act('run', async () => {
      let v = current;
      while (v && v.status !== 'done' && alive.current) {
        v = await runImport(v.id);
        if (alive.current) setCurrent(v);
      }
    });
  const report = () =>
    act('report', async () => {
      if (current) await downloadImportReport(current.id);
    });

  if (!current) {
    return (
      <View className="page" id="import">
        <Text className="title">导入患者</Text>
        <Text className="muted">
          从旧系统导出的患者表（Excel .xlsx 或
          CSV），第一行为表头：姓名、手机、性别、出生日期、身份证号、来源渠道、归属人、备注。
          同一手机号只建一份档案；导入的档案不带任何授权。
        </Text>
        <Banner id="import-problem" text={problem} />
        <Button
          id="import-choose"
          className="btn btn-primary"
          disabled={Boolean(busy) || undefined}
          onClick={() => void choose()}
        >
          {busy === 'upload' ? '正在读取文件…' : isH5 ? '选择文件' : '从聊天中选择文件'}
        </Button>
        <Earlier onOpen={setCurrent} />
      </View>
    );
  }
  const canStart = current.status === 'previewed' && current.missingFields.length === 0;
  return (
    <View className="page" id="import">
      <Text className="title">导入患者</Text>
      <Text className="imp-row-name">{current.fileName}</Text>
      <Banner id="import-problem" text={problem} />
      {current.missingFields.length > 0 ? (
        <Banner kind="warn" id="import-missing" text="请先为“姓名”和“手机”各选一列，才能开始导入。" />
      ) : null}
      {current.status === 'previewed' ? <Counts v={current} /> : <Progress v={current} />}
      {canStart ? (
        <Button
          id="import-start"
          className="btn btn-primary"
          disabled={Boolean(busy) || undefined}
          onClick={() => void run()}
        >
          {busy === 'run' ? '正在导入…' : `开始导入（新建 ${current.counts.new} 人）`}
        </Button>
      ) : null}
      {current.status === 'running' ? (
        <Button
          id="import-resume"
          className="btn btn-primary"
          disabled={Boolean(busy) || undefined}
          onClick={() => void run()}
        >
          {busy === 'run' ? '正在导入…' : '继续导入'}
        </Button>
      ) : null}
      {current.status !== 'previewed' ? (
        isH5 ? (
          <Button
            id="import-report"
            className="btn"
            disabled={Boolean(busy) || undefined}
            onClick={() => void report()}
          >
            {busy === 'report' ? '正在下载…' : '下载报告'}
          </Button>
        ) : (
          <Banner kind="info" id="import-report-note" text="下载报告（CSV，可用 Excel 打开）请在电脑端网页版操作。" />
        )
      ) : null}
      <ColumnPickers
        columns={current.columns}
        editable={current.status === 'previewed' && !busy}
        onPick={(h, f) => void pick(h, f)}
      />
      {current.ignoredColumns.length > 0 ? (
        <Text className="imp-line muted" id="import-ignored">
          不导入的列：{current.ignoredColumns.join('、')}
        </Text>
      ) : null}
      <Rows v={current} />
      <Button
        id="import-back"
        className="btn"
        disabled={busy === 'run' || undefined}
        onClick={() => setCurrent(undefined)}
      >
        返回导入列表
      </Button>
    </View>
  );
}

/** 导入患者: an old system's export previewed, imported with progress, resumable, with its report (managers). */
export default function ImportPage() {
  return (
    <StaffGate only={{ roles: MANAGERS, title: '导入患者', id: 'import-denied', text: '导入患者仅供管理者使用。' }}>
      {() => <ImportDesk />}
    </StaffGate>
  );
}
