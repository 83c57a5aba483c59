import { type ImportField, importFieldLabels, importFields, importRowStatusLabels } from '@shared/import-fields';
import type { ImportColumn, ImportRowView, PatientImportView } from '@shared/schemas/imports';
import { Picker, Text, View } from '@tarojs/components';

const fieldChoices: (ImportField | 'ignore')[] = [...importFields, 'ignore'];
const choiceLabel = (f: ImportField | 'ignore') => (f === 'ignore' ? '不导入' : importFieldLabels[f]);

/** One picker per column of the file: which field it fills (only before the run starts). */
export function ColumnPickers(p: {
  columns: ImportColumn[];
  editable: boolean;
  onPick: (header: string, field: ImportField | 'ignore') => void;
}) {
  return (
    <View className="card" id="import-columns">
      <Text className="card-title">列的对应</Text>
      {p.columns.map((c, i) => {
        const current = c.field ?? 'ignore';
        const row = (
          <View key="row" className="imp-col row-between" id={`import-col-${i}`}>
            <Text className="imp-col-header">{c.header}</Text>
            <Text className={`imp-col-field${c.field ? '' : ' muted'}`}>
              {choiceLabel(current)}
              {p.editable ? ' ▾' : ''}
            </Text>
          </View>
        );
        return p.editable ? (
          <Picker
            key={c.header}
            mode="selector"
            range={fieldChoices.map(choiceLabel)}
            value={fieldChoices.indexOf(current)}
            onChange={(e) => p.onPick(c.header, fieldChoices[Number(e.detail.value)] ?? 'ignore')}
          >
            {row}
          </Picker>
        ) : (
          <View key={c.header}>{row}</View>
        );
      })}
    </View>
  );
}

/** The preview's counts, big: what the import will do. */
export function Counts({ v }: { v: PatientImportView }) {
  const cell = (id: string, n: number, label: string, cls = '') => (
    <View className={`imp-count ${cls}`} id={`import-count-${id}`}>
      <Text className="imp-count-n">{n}</Text>
      <Text className="imp-count-label">{label}</Text>
    </View>
  );
  return (
    <View className="imp-counts">
      {cell('new', v.counts.new, '新建')}
      {cell('existing', v.counts.existing, '已建档')}
      {cell('duplicate', v.counts.duplicate, '表内重复')}
      {cell('invalid', v.counts.invalid, '无效', 'imp-bad')}
    </View>
  );
}

/** How far the run is: a bar and the numbers. */
export function Progress({ v }: { v: PatientImportView }) {
  const { processed, total, created, existing, invalid } = v.progress;
  const pct = total ? Math.floor((processed / total) * 100) : 0;
  return (
    <View className="card" id="import-progress">
      <Text className="card-title">{v.status === 'done' ? '导入完成' : '正在导入…'}</Text>
      <View className="imp-bar">
        <View className="imp-bar-fill" style={{ width: `${pct}%` }} />
      </View>
      <Text className="imp-line" id="import-progress-text">
        已处理 {processed} / {total} 行（{pct}%）
      </Text>
      <Text className="imp-line">
        新建 {created} · 已存在 {existing} · 无效 {invalid}
      </Text>
    </View>
  );
}

/** One row of the file with its verdict; an invalid row's reason in red. */
export function RowItem({ r }: { r: ImportRowView }) {
  return (
    <View className={`card imp-row imp-row-${r.status}`} id={`import-row-${r.row}`}>
      <View className="row-between">
        <Text className="imp-row-name">
          第 {r.row} 行 · {r.name || '（无姓名）'}
        </Text>
        <Text className={`tag imp-tag-${r.status}`}>{importRowStatusLabels[r.status]}</Text>
      </View>
      <Text className="imp-line">{r.maskedPhone || '（无手机号）'}</Text>
      {r.reason ? (
        <Text className={r.status === 'invalid' ? 'imp-reason-bad' : 'imp-line muted'}>{r.reason}</Text>
      ) : null}
    </View>
  );
}

const statusText: Record<PatientImportView['status'], string> = {
  previewed: '待导入',
  running: '导入中',
  done: '已完成',
};

/** An earlier import in the list: its file, when, and where it stands. */
export function ImportItem({ v, onOpen }: { v: PatientImportView; onOpen: () => void }) {
  return (
    <View className="card imp-item" id={`import-item-${v.id}`} onClick={onOpen}>
      <View className="row-between">
        <Text className="imp-row-name">{v.fileName}</Text>
        <Text className="tag">{statusText[v.status]}</Text>
      </View>
      <Text className="imp-line muted">
        {v.createdAt.slice(0, 10)} · {v.createdByName ?? ''} · 共 {v.progress.total} 行
      </Text>
    </View>
  );
}
