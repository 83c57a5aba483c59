import { routes } from '../../shared/routes';
import { devLoginInput, wechatLoginInput } from '../../shared/schemas/auth';
import { endpoint } from '../lib/http';
import { devLogin, me, wechatLogin } from './auth-service';

export const handlers = {
  wechatLogin: endpoint(routes.wechatLogin, {
    body: wechatLoginInput,
    run: ({ ctx, body }) => wechatLogin(body.code, ctx.now),
  }),
  devLogin: endpoint(routes.devLogin, { body: devLoginInput, run: ({ ctx, body }) => devLogin(body, ctx.now) }),
  me: endpoint(routes.me, { run: ({ ctx }) => me(ctx) }),
};
