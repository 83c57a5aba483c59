/**
 * Packages a function loads only when its configuration asks for them (a dynamic `import()`): left
 * out of every bundle, and installed beside the bundle only where that configuration is deployed.
 * The bench builds its bundles with the same list.
 */
export const onDemandModules = ['tencentcloud-sdk-nodejs-sms'] as const;

/** The on-demand packages a function with this environment does load: the China SMS SDK where SMS_PROVIDER is tencent. */
export function onDemandModulesFor(environment: Record<string, string>): string[] {
  return environment.SMS_PROVIDER === 'tencent' ? ['tencentcloud-sdk-nodejs-sms'] : [];
}
