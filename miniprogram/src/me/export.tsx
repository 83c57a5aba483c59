import { type ExportSection, exportSections, type MyExport } from '@shared/schemas/rights';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { myExport } from '../services/my-rights';
import { saveFileH5 } from '../services/save-file';
import { dateTime } from '../utils/days';
import { lineOf, profileLines } from './export-lines';
import './me.css';
import './export.css';

const SHOWN = 20;
const fileName = (doc: MyExport) => `我的就诊信息-${doc.exportedAt.slice(0, 10)}.json`;

/** H5: the document as a .json file the browser downloads. */
function download(doc: MyExport): void {
  saveFileH5(JSON.stringify(doc, null, 2), fileName(doc), 'application/json');
}

/** WeChat: the document as a file in the user's data folder, sent to a chat (文件传输助手 keeps it). */
async function shareFile(doc: MyExport): Promise<void> {
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName(doc)}`;
  Taro.getFileSystemManager().writeFileSync(filePath, JSON.stringify(doc, null, 2), 'utf8');
  await Taro.shareFileMessage({ filePath, fileName: fileName(doc) });
}

function Section({ doc, k }: { doc: MyExport; k: ExportSection }) {
  const items = doc[k];
  return (
    <View className="card" id={`export-${k}`}>
      <View className="row-between">
        <Text className="card-title">{exportSections[k]}</Text>
        <Text className="export-count">{items.length} 条</Text>
      </View>
      {/* The explanation starts with the section's own name, already the card's title. */}
      <Text className="export-note muted">{doc.explanations[k].replace(/^[^：]*：/, '')}</Text>
      {items.slice(0, SHOWN).map((i, n) => (
        <Text key={String(i.id ?? i.at ?? i.clinicId ?? n)} className="export-line">
          · {lineOf[k](i)}
        </Text>
      ))}
      {items.length > SHOWN ? <Text className="muted">其余 {items.length - SHOWN} 条见导出的文件</Text> : null}
    </View>
  );
}

/** 导出我的信息: everything the hospital holds about my profiles, readable here and saved as a file. */
export default function ExportPage() {
  const state = useLoad(() => myExport(), [], false);
  const [note, setNote] = useState({ kind: 'info' as 'info' | 'error', text: '' });
  const save = async (doc: MyExport, how: 'file' | 'copy') => {
    try {
      if (process.env.TARO_ENV === 'h5') download(doc);
      else if (how === 'copy') await Taro.setClipboardData({ data: JSON.stringify(doc) });
      else await shareFile(doc);
      setNote({ kind: 'info', text: how === 'copy' ? '已复制全部内容，可粘贴保存。' : '文件已生成，请妥善保存。' });
    } catch {
      setNote({ kind: 'error', text: '保存没有完成，请再试一次。' });
    }
  };
  return (
    <View className="page" id="my-export">
      <Text className="title">导出我的信息</Text>
      <Loaded state={state} id="export-error">
        {(doc) => (
          <View>
            <Text className="settings-note">
              这是医院保存的、与您账号下所有就诊人有关的全部信息，生成于 {dateTime(doc.exportedAt)}。
            </Text>
            <Button id="export-save" className="btn btn-primary" onClick={() => void save(doc, 'file')}>
              {process.env.TARO_ENV === 'h5' ? '下载文件' : '保存为文件并发送'}
            </Button>
            {process.env.TARO_ENV === 'h5' ? null : (
              <Button id="export-copy" className="btn" onClick={() => void save(doc, 'copy')}>
                复制全部内容
              </Button>
            )}
            <Banner id="export-note" kind={note.kind} text={note.text} />
            {doc.profiles.map((p) => (
              <View className="card" key={String(p.id)} id={`export-profile-${String(p.id)}`}>
                <Text className="card-title">{lineOf.profiles(p)}</Text>
                {profileLines(p).map((l) => (
                  <Text key={l} className="export-line">
                    {l}
                  </Text>
                ))}
              </View>
            ))}
            {(Object.keys(exportSections) as ExportSection[]).map((k) => (
              <Section key={k} doc={doc} k={k} />
            ))}
          </View>
        )}
      </Loaded>
    </View>
  );
}
