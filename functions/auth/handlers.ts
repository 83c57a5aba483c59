import { devLoginInput, wechatLoginInput } from '../../shared/schemas/auth';
import { endpoint } from '../lib/http';
import { devLogin, me, wechatLogin } from './auth-service';

export const handlers = {
  wechatLogin: endpoint({ body: wechatLoginInput, run: ({ body }) => wechatLogin(body.code) }),
  devLogin: endpoint({ body: devLoginInput, run: ({ body }) => devLogin(body) }),
  me: endpoint({ run: ({ caller }) => me(caller!) }),
};
