import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useLoad } from '../../hooks/use-load';
import { consultationPhoto } from '../../services/consultations';

/**
 * Where a photo can be shown and enlarged: H5 takes the data URL as it is; WeChat's previewImage
 * takes no data URL, so there the bytes go to a file of the mini-program's own first.
 */
async function photoSource(threadId: string, photoId: string): Promise<string> {
  const p = await consultationPhoto(threadId, photoId);
  if (process.env.TARO_ENV !== 'weapp') return `data:${p.contentType};base64,${p.dataBase64}`;
  const path = `${Taro.env.USER_DATA_PATH}/consult-${photoId}.${p.contentType === 'image/png' ? 'png' : 'jpg'}`;
  Taro.getFileSystemManager().writeFileSync(path, p.dataBase64, 'base64');
  return path;
}

/** One photo of a consultation: read when shown, tapped to see it full screen. */
export function ConsultPhoto({ threadId, photoId }: { threadId: string; photoId: string }) {
  const photo = useLoad(() => photoSource(threadId, photoId), [threadId, photoId], false);
  if (photo.error) {
    return (
      <View className="consult-photo-box consult-photo-problem" onClick={() => void photo.reload()}>
        <Text>照片加载失败，点此重试</Text>
      </View>
    );
  }
  if (!photo.data) {
    return (
      <View className="consult-photo-box">
        <Text>照片加载中…</Text>
      </View>
    );
  }
  const src = photo.data;
  return (
    <Image
      id={`photo-${photoId}`}
      className="consult-photo"
      src={src}
      mode="aspectFit"
      onClick={() => Taro.previewImage({ urls: [src], current: src })}
    />
  );
}
