import { io, type Socket } from 'socket.io-client';

/** A real socket.io client on the test server, recording every event it receives. */
export interface LiveClient {
  socket: Socket;
  events: { event: string; payload: Record<string, unknown> }[];
  /** Resolves with the first recorded (or future) event that matches. */
  next(event: string, match?: (payload: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  join(room: string): Promise<unknown>;
  close(): void;
}

export async function liveClient(baseUrl: string, cookie?: string): Promise<LiveClient> {
  const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: cookie ? { cookie } : undefined, reconnectionDelay: 100, reconnectionDelayMax: 200 });
  const events: LiveClient['events'] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, payload: Record<string, unknown>) => {
    events.push({ event, payload });
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    next(event, match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((recorded) => recorded.event === event && match(recorded.payload));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.payload);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No ${event} within ${timeoutMs} ms; received: ${JSON.stringify(events)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async join(room) {
      const refused = new Promise((resolve) => socket.once('exception', resolve));
      const joined = socket.timeout(5000).emitWithAck('join', room).catch(() => null);
      return Promise.race([joined, refused]);
    },
    close: () => socket.close(),
  };
}
