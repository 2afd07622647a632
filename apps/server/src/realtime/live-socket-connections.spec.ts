import type { IncomingMessage } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { createTestApp, type TestApp } from '../testing/test-app';
import { MAX_CONNECTIONS_PER_ADDRESS, socketAddressKey } from './realtime.gateway';

/** Connects and says how it went: 'connected', or the refusal's message. */
async function connect(baseUrl: string, sockets: Socket[]): Promise<string> {
  const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

describe('socket.io connections per address', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it(`accepts ${MAX_CONNECTIONS_PER_ADDRESS} sockets from one address, refuses the next with a clear error, and accepts again once one closes`, async () => {
    const answers: string[] = [];
    for (let i = 0; i < MAX_CONNECTIONS_PER_ADDRESS; i++) answers.push(await connect(t.baseUrl, sockets));
    expect(answers.filter((answer) => answer === 'connected')).toHaveLength(MAX_CONNECTIONS_PER_ADDRESS);
    expect(await connect(t.baseUrl, sockets)).toBe(`Too many connections from your address: at most ${MAX_CONNECTIONS_PER_ADDRESS} at once`);

    const closed = sockets.find((socket) => socket.connected)!;
    closed.close();
    // The server hears the close a moment later.
    let answer = '';
    for (let attempt = 0; attempt < 20 && answer !== 'connected'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await connect(t.baseUrl, sockets);
    }
    expect(answer).toBe('connected');
  });

  it('keys addresses as the rate limits do: behind TRUST_PROXY by the forwarded address, IPv6 by its /64', () => {
    const request = (remoteAddress: string, forwardedFor?: string) => ({ headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}, socket: { remoteAddress } }) as unknown as IncomingMessage;
    const saved = process.env.TRUST_PROXY;
    try {
      delete process.env.TRUST_PROXY;
      expect(socketAddressKey(request('2001:db8:1:2::5'))).toBe('2001:db8:1:2::/64');
      expect(socketAddressKey(request('2001:db8:1:2:ffff::9'))).toBe('2001:db8:1:2::/64');
      // Without a trusted proxy, a forged header changes nothing.
      expect(socketAddressKey(request('::ffff:203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
      process.env.TRUST_PROXY = '1';
      expect(socketAddressKey(request('10.0.0.2', '198.51.100.1, 2001:db8:9:9::1'))).toBe('2001:db8:9:9::/64');
      process.env.TRUST_PROXY = '10.0.0.2';
      expect(socketAddressKey(request('10.0.0.2', '198.51.100.1, 203.0.113.9'))).toBe('203.0.113.9');
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });
});
