import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { type PickedPhoto, pickPhoto } from './consult-photo';

interface Props {
  photo: PickedPhoto | undefined;
  onChange: (photo: PickedPhoto | undefined) => void;
}

/** 添加照片: one photo, shown small (tap to enlarge), removable before sending. */
export function PhotoField({ photo, onChange }: Props) {
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const pick = async () => {
    setProblem('');
    try {
      const p = await pickPhoto(() => setBusy(true));
      if (p) onChange(p);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : '未能选择照片，请重试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="field" id="photo-field">
      <Banner id="photo-error" text={problem} />
      {photo ? (
        <View className="row-between">
          <Image
            id="photo-chosen"
            className="consult-photo"
            src={photo.src}
            mode="aspectFit"
            onClick={() => Taro.previewImage({ urls: [photo.src] })}
          />
          <Button id="photo-remove" className="btn btn-small btn-danger" onClick={() => onChange(undefined)}>
            删除照片
          </Button>
        </View>
      ) : (
        <View>
          <Button id="photo-add" className="btn" disabled={busy || undefined} onClick={() => void pick()}>
            {busy ? '正在处理照片…' : '＋ 添加照片（可选）'}
          </Button>
          <Text className="consult-meta">可拍照或从相册选择一张，例如牙齿或伤口的照片。</Text>
        </View>
      )}
    </View>
  );
}
