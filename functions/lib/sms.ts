import type { MessageKind } from '../../shared/schemas/messages';

/**
 * The SMS seam: one small interface, an implementation per provider, chosen by configuration.
 * AWS SNS has no SMS in the China regions: there a domestic provider takes its place.
 */
export interface SmsMessage {
  /** Mainland mobile number, 11 digits. */
  phone: string;
  /** The whole text, 【signature】 included. */
  text: string;
  /** Marketing texts go as promotional traffic, reminders as transactional. */
  marketing: boolean;
  /** Our message id, for the provider's records and our own. */
  reference: string;
  /**
   * What the message is, and the values its text was made from: domestic providers send only
   * pre-approved templates with parameters, never free text (they pick the template by kind).
   */
  kind: MessageKind;
  vars?: Readonly<Record<string, string>>;
}

/** A send the provider refused; `permanent` when trying again cannot help (a bad number, a banned text). */
export class SmsError extends Error {
  constructor(
    readonly reason: string,
    readonly permanent: boolean,
  ) {
    super(reason);
    this.name = 'SmsError';
  }
}

export interface SmsProvider {
  readonly name: string;
  /** Sends one text; answers the provider's message id, or throws SmsError. */
  send(m: SmsMessage): Promise<{ providerId: string }>;
}

/** Local stand-in: nothing leaves the machine; the outbox shows what each patient would get. */
export function localSms(): SmsProvider & { sent: SmsMessage[] } {
  const sent: SmsMessage[] = [];
  return {
    name: 'local',
    sent,
    async send(m) {
      sent.push(m);
      return { providerId: `local-${sent.length}-${m.reference}` };
    },
  };
}
