import { io, type Socket } from 'socket.io-client';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('socket.io on the same origin', () => {
  let t: TestApp;
  let socket: Socket;
  beforeAll(async () => {
    t = await createTestApp();
    socket = io(t.baseUrl, { path: '/socket.io', transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it('lets an anonymous viewer join the room of a page', async () => {
    const answer = await socket.timeout(5000).emitWithAck('join', 'page:emerging-issues');
    expect(answer).toEqual({ joined: 'page:emerging-issues' });
  });

  it('refuses a room that is not a page, thread or area', async () => {
    const refused = new Promise((resolve) => socket.once('exception', resolve));
    socket.emit('join', 'admin:everything');
    expect(await refused).toMatchObject({ status: 'error', message: 'Unknown room' });
  });
});
