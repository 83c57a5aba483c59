import { CONSULTATION_PHOTO_MAX_BYTES, type ConsultationPhotoInput } from '@shared/schemas/consultations';
import Taro from '@tarojs/taro';

/** A chosen photo: what to show now, and what goes up when the question is sent. */
export interface PickedPhoto {
  src: string;
  input: ConsultationPhotoInput;
}

export const PHOTO_TOO_BIG = '照片太大，请换一张或截图后再试（最大 1.5 MB）';
const MAX_SIDE = 1600;

/** Weapp: the album or camera, compressed by WeChat, compressed again when still too big. */
async function pickWeapp(working: () => void): Promise<PickedPhoto | undefined> {
  const r = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] });
  const file = r.tempFiles[0];
  if (!file) return undefined;
  working();
  let path = file.tempFilePath;
  const fs = Taro.getFileSystemManager();
  if (file.size > CONSULTATION_PHOTO_MAX_BYTES) {
    path = (await Taro.compressImage({ src: path, quality: 50 })).tempFilePath;
  }
  if ((fs.statSync(path) as { size: number }).size > CONSULTATION_PHOTO_MAX_BYTES) throw new Error(PHOTO_TOO_BIG);
  const contentType = /\.png$/i.test(path) ? 'image/png' : 'image/jpeg';
  return { src: path, input: { contentType, dataBase64: fs.readFileSync(path, 'base64') as string } };
}

/** H5: a photo too big is drawn smaller on a canvas as a JPEG. */
async function shrink(blob: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(blob);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((ok, fail) =>
    canvas.toBlob((b) => (b ? ok(b) : fail(new Error(PHOTO_TOO_BIG))), 'image/jpeg', 0.7),
  );
}

function base64Of(blob: Blob): Promise<string> {
  return new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => ok(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => fail(new Error('照片读取失败，请重新选择'));
    reader.readAsDataURL(blob);
  });
}

async function pickH5(working: () => void): Promise<PickedPhoto | undefined> {
  // A browser never says when its file chooser was cancelled: nothing shows as busy until a file comes.
  const r = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] });
  const url = r.tempFilePaths[0];
  if (!url) return undefined;
  working();
  let blob = await (await fetch(url)).blob();
  if (blob.size > CONSULTATION_PHOTO_MAX_BYTES || !['image/jpeg', 'image/png'].includes(blob.type)) {
    blob = await shrink(blob);
  }
  if (blob.size > CONSULTATION_PHOTO_MAX_BYTES) throw new Error(PHOTO_TOO_BIG);
  const contentType = blob.type === 'image/png' ? 'image/png' : 'image/jpeg';
  return { src: URL.createObjectURL(blob), input: { contentType, dataBase64: await base64Of(blob) } };
}

/** Asks for one photo (camera or album); undefined when the person cancelled. `working`: a photo came, being prepared. */
export async function pickPhoto(working: () => void): Promise<PickedPhoto | undefined> {
  try {
    return process.env.TARO_ENV === 'weapp' ? await pickWeapp(working) : await pickH5(working);
  } catch (e) {
    const msg = (e as { errMsg?: string }).errMsg ?? '';
    if (/cancel/i.test(msg)) return undefined;
    throw e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message) ? e : new Error('未能选择照片，请重试');
  }
}
