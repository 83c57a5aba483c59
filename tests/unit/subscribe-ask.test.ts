import { beforeEach, describe, expect, it, vi } from 'vitest';

// askSubscription as the mini-program runs it: WeChat's requestSubscribeMessage on weapp, the stand-in
// dialog on H5, and what goes to POST /v1/me/subscriptions. Taro and the API client are stand-ins here.

const taro = vi.hoisted(() => ({ requestSubscribeMessage: vi.fn(), showModal: vi.fn() }));
const api = vi.hoisted(() => ({ call: vi.fn() }));
vi.mock('@tarojs/taro', () => ({ default: taro }));
vi.mock('@shared/routes', () => ({
  routes: { mySubscriptions: { name: 'mySubscriptions' }, reportSubscriptions: { name: 'reportSubscriptions' } },
}));
vi.mock('../../miniprogram/src/services/request', () => api);

const templates = [
  { kind: 'appointment', templateId: 'T_APPT', title: '就诊提醒', remaining: 0, banned: false },
  { kind: 'revisit', templateId: 'T_REVISIT', title: '复诊提醒', remaining: 0, banned: false },
];

/** The API: the templates as given, and each report answered with the templates as they stand. */
function answering(items = templates) {
  api.call.mockImplementation(async (route: { name: string }, args?: { body: unknown }) =>
    route.name === 'mySubscriptions' ? { items } : { items, reported: args?.body },
  );
}
const reported = () => api.call.mock.calls.filter(([r]) => r.name === 'reportSubscriptions').map(([, a]) => a.body);

interface Asked {
  results: Record<string, string>;
}

// Imported by a path held in a variable: the root typecheck does not follow it into the mini-program
// (which has its own tsconfig and @shared alias); vitest loads it with the mocks above.
const SUBSCRIBE = '../../miniprogram/src/services/subscribe';

async function ask(kinds: string[]): Promise<Asked> {
  vi.resetModules();
  const { askSubscription } = await import(/* @vite-ignore */ SUBSCRIBE);
  return askSubscription(kinds);
}

beforeEach(() => {
  vi.clearAllMocks();
  answering();
});

describe('askSubscription on weapp', () => {
  beforeEach(() => vi.stubEnv('TARO_ENV', 'weapp'));

  it('asks WeChat for the templates of the kinds named and reports each answer', async () => {
    taro.requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', T_APPT: 'accept' });
    const out = await ask(['appointment']);
    expect(taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['T_APPT'] });
    expect(reported()).toEqual([{ results: [{ templateId: 'T_APPT', result: 'accept' }] }]);
    expect(out.results).toEqual({ appointment: 'accept' });
  });

  it('reports reject and ban, and leaves out a template WeChat filtered', async () => {
    taro.requestSubscribeMessage.mockResolvedValue({ T_APPT: 'reject', T_REVISIT: 'filter' });
    await ask(['appointment', 'revisit']);
    expect(reported()).toEqual([{ results: [{ templateId: 'T_APPT', result: 'reject' }] }]);
  });

  it('asks again for a template once banned: WeChat shows the prompt if it was allowed in settings since', async () => {
    answering([{ ...templates[0]!, banned: true }, templates[1]!]);
    taro.requestSubscribeMessage.mockResolvedValue({ T_APPT: 'accept' });
    const out = await ask(['appointment']);
    expect(taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['T_APPT'] });
    expect(reported()).toEqual([{ results: [{ templateId: 'T_APPT', result: 'accept' }] }]);
    expect(out.results).toEqual({ appointment: 'accept' });
  });

  it('reads 20004 (subscribe messages switched off in settings) as a ban of each template asked', async () => {
    taro.requestSubscribeMessage.mockRejectedValue({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail' });
    const out = await ask(['appointment', 'revisit']);
    expect(reported()).toEqual([
      {
        results: [
          { templateId: 'T_APPT', result: 'ban' },
          { templateId: 'T_REVISIT', result: 'ban' },
        ],
      },
    ]);
    expect(out.results).toEqual({ appointment: 'ban', revisit: 'ban' });
  });
});

describe('askSubscription on H5 (no requestSubscribeMessage)', () => {
  beforeEach(() => vi.stubEnv('TARO_ENV', 'h5'));

  it.each([
    [true, 'accept'],
    [false, 'reject'],
  ])('shows a 订阅消息 dialog with the titles, 允许 / 取消; confirm %s reports %s', async (confirm, result) => {
    taro.showModal.mockResolvedValue({ confirm, cancel: !confirm });
    await ask(['revisit']);
    expect(taro.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(taro.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '订阅消息', confirmText: '允许', cancelText: '取消' }),
    );
    expect(taro.showModal.mock.calls[0]?.[0].content).toContain('复诊提醒');
    expect(reported()).toEqual([{ results: [{ templateId: 'T_REVISIT', result }] }]);
  });
});
