import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a reply address works after the email carrying it was sent. */
export const REPLY_ADDRESS_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReplyAddressSettings {
  /** The domain reply addresses are at (REPLY_DOMAIN): the operator's MX sends it to the listener. */
  domain: string;
  /** The key tokens are signed with (REPLY_SECRET). */
  secret: string;
}

/** Replying by email is on when REPLY_DOMAIN and REPLY_SECRET are set (the listener also needs INBOUND_SMTP_PORT). */
export function replyAddressSettings(env: NodeJS.ProcessEnv = process.env): ReplyAddressSettings | null {
  const domain = env.REPLY_DOMAIN?.trim().toLowerCase();
  const secret = env.REPLY_SECRET;
  return domain && secret ? { domain, secret } : null;
}

export interface ReplyToken {
  userId: number;
  threadId: number;
  expiresAt: Date;
}

function mac(secret: string, userId: number, threadId: number, expiryDay: number): string {
  // 96 bits of HMAC-SHA256, in hex: mail systems may change the case of a local part, so no base64.
  return createHmac('sha256', secret).update(`email-reply:v1:${userId}:${threadId}:${expiryDay}`).digest('hex').slice(0, 24);
}

/**
 * The address that posts into `threadId` as `userId`: `reply+<user>.<thread>.<expiry day>.<mac>@domain`,
 * numbers in base 36. Signed, not stored: sending a digest writes nothing, every process checks it
 * with the shared secret alone, and a copy of the database is not enough to make one.
 */
export function replyAddress(settings: ReplyAddressSettings, userId: number, threadId: number, now = new Date()): string {
  const expiryDay = Math.floor(now.getTime() / DAY_MS) + REPLY_ADDRESS_DAYS;
  const parts = [userId.toString(36), threadId.toString(36), expiryDay.toString(36), mac(settings.secret, userId, threadId, expiryDay)];
  return `reply+${parts.join('.')}@${settings.domain}`;
}

/**
 * The token in a reply address, if it is one this site signed (expired or not: the caller says
 * "expired" by email, while a forged address is refused by SMTP at once). Null for anything else.
 */
export function readReplyAddress(settings: ReplyAddressSettings, address: string): ReplyToken | null {
  const match = /^reply\+([0-9a-z]{1,10})\.([0-9a-z]{1,10})\.([0-9a-z]{1,10})\.([0-9a-f]{24})@(.+)$/.exec(address.trim().toLowerCase());
  if (!match || match[5] !== settings.domain) return null;
  const [userId, threadId, expiryDay] = [match[1], match[2], match[3]].map((part) => parseInt(part, 36));
  if (![userId, threadId, expiryDay].every(Number.isSafeInteger)) return null;
  const expected = Buffer.from(mac(settings.secret, userId, threadId, expiryDay));
  if (!timingSafeEqual(expected, Buffer.from(match[4]))) return null;
  return { userId, threadId, expiresAt: new Date(expiryDay * DAY_MS) };
}
