/**
 * Text from elsewhere (an error's message and stack, a provider's reason) may quote what it was
 * given: before it is logged, mainland mobile numbers, 18-character ID numbers and WeChat openids in
 * it are replaced by a marker.
 */
export function redactPii(text: string): string {
  return text
    .replace(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[ID号已隐去]')
    .replace(/(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g, '[手机号已隐去]')
    .replace(/(?<![A-Za-z0-9_-])o[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/g, '[openid已隐去]');
}
