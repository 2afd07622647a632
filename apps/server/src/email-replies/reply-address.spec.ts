import { readReplyAddress, REPLY_ADDRESS_DAYS, replyAddress } from './reply-address';

const settings = { domain: 'reply.commonplace.test', secret: 'a long random secret for signing reply addresses' };

describe('reply addresses', () => {
  it('carry the person, the thread and an expiry, signed; any case reads the same', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    const address = replyAddress(settings, 42, 1234, now);
    expect(address).toMatch(/^reply\+[0-9a-z.]+@reply\.commonplace\.test$/);
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    const token = readReplyAddress(settings, address)!;
    expect(token).toMatchObject({ userId: 42, threadId: 1234 });
    expect(token.expiresAt.getTime() - now.getTime()).toBeGreaterThan((REPLY_ADDRESS_DAYS - 1) * 86_400_000);
    expect(readReplyAddress(settings, address.toUpperCase())).toEqual(token);
  });

  it('are not readable when forged: another person or thread, another expiry, another secret or domain, a bad signature', () => {
    const address = replyAddress(settings, 42, 1234);
    const [local, domain] = address.split('@');
    const [user, thread, expiry, signature] = local.slice('reply+'.length).split('.');
    const forged = [
      `reply+${(43).toString(36)}.${thread}.${expiry}.${signature}@${domain}`,
      `reply+${user}.${(1235).toString(36)}.${expiry}.${signature}@${domain}`,
      `reply+${user}.${thread}.${(parseInt(expiry, 36) + 1000).toString(36)}.${signature}@${domain}`,
      `reply+${user}.${thread}.${expiry}.${'0'.repeat(24)}@${domain}`,
      `${local}@elsewhere.test`,
      'reply+abc@reply.commonplace.test',
      'someone@reply.commonplace.test',
    ];
    for (const candidate of forged) expect(readReplyAddress(settings, candidate)).toBeNull();
    expect(readReplyAddress({ ...settings, secret: 'another secret entirely, of some length' }, address)).toBeNull();
  });
});
