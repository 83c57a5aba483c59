import { CONSULTATION_PHOTO_MAX_BYTES } from '../../shared/schemas/consultations';

/** The photo upload's body: the photo in base64 (4 characters per 3 bytes) and a little JSON around it. */
export const PHOTO_BODY_MAX_BYTES = Math.ceil(CONSULTATION_PHOTO_MAX_BYTES / 3) * 4 + 1024;
