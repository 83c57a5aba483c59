/**
 * The S3 client and the commands the photo store sends, and nothing else of the SDK. Loaded with
 * `import()` when a photo is first touched: an `import()` of '@aws-sdk/client-s3' itself keeps every
 * command of the package in the bundle (a namespace cannot be tree-shaken); this module's named
 * imports can.
 */
export {
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
