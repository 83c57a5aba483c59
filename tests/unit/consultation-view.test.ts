import { describe, expect, it } from 'vitest';
import { previewOf, threadView } from '../../functions/consult/thread-view';

describe('a consultation in lists', () => {
  it('previews the first 60 characters of the question, with … when cut', () => {
    const long = '牙'.repeat(61);
    expect(previewOf(long)).toBe(`${'牙'.repeat(60)}…`);
    expect(previewOf('牙'.repeat(60))).toBe('牙'.repeat(60));
  });

  it('previews a photo sent alone as [图片]', () => {
    expect(previewOf(undefined)).toBe('[图片]');
    expect(previewOf('')).toBe('[图片]');
  });

  it('shows messages in the order given, without empty text or photo fields', () => {
    const t = {
      id: 'cq_1',
      patientId: 'p_1',
      accountId: 'u_1',
      clinicId: 'c_1',
      status: 'answered' as const,
      maskedName: '张*',
      preview: '问',
      createdAt: '2031-01-01T00:00:00.000Z',
      lastMessageAt: '2031-01-01T01:00:00.000Z',
      version: 2,
    };
    const view = threadView(
      t,
      [
        {
          id: 'm1',
          threadId: 'cq_1',
          from: 'patient',
          authorName: '张*',
          photoId: 'ph_1',
          at: '2031-01-01T00:00:00.000Z',
        },
        {
          id: 'm2',
          threadId: 'cq_1',
          from: 'staff',
          authorName: '周客服（客服）',
          text: '答',
          at: '2031-01-01T01:00:00.000Z',
        },
      ],
      '张三',
      '测试口腔',
    );
    expect(view).toMatchObject({ threadId: 'cq_1', patientName: '张三', clinicName: '测试口腔', status: 'answered' });
    expect(view.messages).toEqual([
      { messageId: 'm1', from: 'patient', authorName: '张*', photoId: 'ph_1', at: '2031-01-01T00:00:00.000Z' },
      { messageId: 'm2', from: 'staff', authorName: '周客服（客服）', text: '答', at: '2031-01-01T01:00:00.000Z' },
    ]);
    expect(view).not.toHaveProperty('accountId');
    expect(view).not.toHaveProperty('closedAt');
  });
});
