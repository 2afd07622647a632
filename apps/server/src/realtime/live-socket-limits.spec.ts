import { io, type Socket } from 'socket.io-client';
import { makeArea } from '../testing/factories';
import { createTestApp, type TestApp } from '../testing/test-app';
import { liveClient, type LiveClient } from './live-socket.testing';
import { MAX_ROOMS_PER_SOCKET } from './realtime.gateway';
import { RoomAccess } from './room-access.service';

/** Connects with the given Origin header (as a browser on that site would) and says how it went. */
async function connectFrom(baseUrl: string, origin: string): Promise<'connected' | string> {
  const socket: Socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { origin }, reconnection: false });
  try {
    return await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.close();
  }
}

describe('socket.io limits', () => {
  let t: TestApp;
  const clients: LiveClient[] = [];
  const client = async () => {
    const made = await liveClient(t.baseUrl);
    clients.push(made);
    return made;
  };
  let areaSlugs: string[];
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
    // Enough distinct rooms that exist: every area, and pages made for the purpose.
    for (let i = 0; i < MAX_ROOMS_PER_SOCKET + 1; i++) {
      await makeArea(t, { slug: `limits-area-${i}`, position: 1000 + i });
    }
    areaSlugs = (await t.dataSource.query<{ slug: string }[]>(`SELECT slug FROM areas WHERE slug LIKE 'limits-area-%' ORDER BY position`)).map((row) => row.slug);
  });
  afterAll(async () => {
    for (const made of clients) made.close();
    await t.close();
  });

  it('refuses a handshake from another website, and accepts one from its own', async () => {
    expect(await connectFrom(t.baseUrl, 'https://evil.example')).not.toBe('connected');
    expect(await connectFrom(t.baseUrl, 'null')).not.toBe('connected');
    expect(await connectFrom(t.baseUrl, t.baseUrl)).toBe('connected');
  });

  it('accepts the origin of SITE_URL (the address readers use, behind a proxy)', async () => {
    const saved = process.env.SITE_URL;
    process.env.SITE_URL = 'https://commonplace.example/';
    try {
      expect(await connectFrom(t.baseUrl, 'https://commonplace.example')).toBe('connected');
      expect(await connectFrom(t.baseUrl, 'https://commonplace.example.evil.example')).not.toBe('connected');
    } finally {
      if (saved === undefined) delete process.env.SITE_URL;
      else process.env.SITE_URL = saved;
    }
  });

  it(`refuses a room beyond the ${MAX_ROOMS_PER_SOCKET}th on one socket, and still accepts a room it is already in`, async () => {
    const viewer = await client();
    for (const slug of areaSlugs.slice(0, MAX_ROOMS_PER_SOCKET)) {
      expect(await viewer.join(`area:${slug}`)).toEqual({ joined: `area:${slug}` });
      // A patient client: one join per refill of the join bucket, so only the room cap can refuse.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await viewer.join(`area:${areaSlugs[MAX_ROOMS_PER_SOCKET]}`)).toMatchObject({ status: 'error', message: expect.stringMatching(/too many rooms/i) });
    expect(await viewer.join(`area:${areaSlugs[0]}`)).toEqual({ joined: `area:${areaSlugs[0]}` });
    // Ten seconds of it are the patient client's pauses: the default 30 s would leave little for a busy machine.
  }, 60_000);

  it('refuses a flood of joins, then disconnects the socket that keeps on', async () => {
    const viewer = await client();
    viewer.socket.io.reconnection(false);
    const disconnected = new Promise<string>((resolve) => viewer.socket.once('disconnect', resolve));
    const refused = viewer.next('exception', (p) => /too many joins/i.test(String(p.message)), 10_000);
    for (let i = 0; i < 200 && viewer.socket.connected; i++) viewer.socket.emit('join', 'page:emerging-issues');
    expect(await refused).toMatchObject({ status: 'error', message: expect.stringMatching(/too many joins/i) });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('answers a repeated join of the same room without asking the database or sending live:joined again', async () => {
    const viewer = await client();
    expect(await viewer.join('page:emerging-issues')).toEqual({ joined: 'page:emerging-issues' });
    await viewer.next('live:joined');
    const access = jest.spyOn(t.app.get(RoomAccess), 'refusal');
    try {
      expect(await viewer.join('page:emerging-issues')).toEqual({ joined: 'page:emerging-issues' });
      expect(access).not.toHaveBeenCalled();
    } finally {
      access.mockRestore();
    }
    // A fresh room still sends its live:joined; in order, so a second one for the page would be here by now.
    const [area] = await t.dataSource.query<{ slug: string }[]>('SELECT slug FROM areas ORDER BY id LIMIT 1');
    await viewer.join(`area:${area.slug}`);
    await viewer.next('live:joined', (p) => p.room === `area:${area.slug}`);
    expect(viewer.events.filter((e) => e.event === 'live:joined').map((e) => e.payload.room)).toEqual(['page:emerging-issues', `area:${area.slug}`]);
  });

  it('drops a socket that sends a message larger than a join could need', async () => {
    const viewer = await client();
    viewer.socket.io.reconnection(false);
    const disconnected = new Promise<string>((resolve) => viewer.socket.once('disconnect', resolve));
    viewer.socket.emit('join', `page:${'a'.repeat(100_000)}`);
    expect(await disconnected).toBe('transport close');
  });
});
