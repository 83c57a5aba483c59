import { useRef } from 'react';
import { uploadConsultationPhoto } from '../services/consultations';
import type { PickedPhoto } from './consult-photo';

/** A chosen photo goes up once: a retry after a refusal sends the same photoId, not a second upload. */
export function usePhotoUpload(): (photo: PickedPhoto | undefined) => Promise<string | undefined> {
  const uploaded = useRef<{ photo: PickedPhoto; photoId: string }>();
  return async (photo) => {
    if (!photo) return undefined;
    if (uploaded.current?.photo !== photo) {
      uploaded.current = { photo, photoId: (await uploadConsultationPhoto(photo.input)).photoId };
    }
    return uploaded.current.photoId;
  };
}
