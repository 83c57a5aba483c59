import { config } from './config';
import { appSecrets } from './secrets';
import { realWeChatClient, type WeChatClient } from './wechat';
import { localWeChatClient } from './wechat-local';

let client: Promise<WeChatClient> | undefined;

/** The WeChat client this deployment uses: the real API in the cloud, the local stand-in otherwise. */
export function wechat(): Promise<WeChatClient> {
  client ??= (async () => {
    if (config.WECHAT_MODE === 'local') return localWeChatClient();
    const { wechatAppSecret } = await appSecrets();
    if (!wechatAppSecret) throw new Error('WeChat app secret is not configured');
    return realWeChatClient({
      appId: config.WECHAT_APP_ID,
      appSecret: wechatAppSecret,
      baseUrl: config.WECHAT_API_BASE,
    });
  })();
  return client;
}
