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

export interface LiveClientOptions {
  cookie?: string;
  /** As a page of the site sends it; none by default (a client that is not a browser). */
  origin?: string;
  /** Only the WebSocket by default; `['polling']` never upgrades. */
  transports?: ('websocket' | 'polling')[];
  reconnection?: boolean;
  /** How long `next` and `join` wait by default. */
  timeoutMs?: number;
}

export async function liveClient(baseUrl: string, cookieOrOptions?: string | LiveClientOptions): Promise<LiveClient> {
  const options: LiveClientOptions = typeof cookieOrOptions === 'string' ? { cookie: cookieOrOptions } : (cookieOrOptions ?? {});
  const transports = options.transports ?? ['websocket'];
  const waitMs = options.timeoutMs ?? 5000;
  const headers = { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.origin ? { origin: options.origin } : {}) };
  const socket = io(baseUrl, {
    path: '/socket.io',
    transports,
    extraHeaders: Object.keys(headers).length > 0 ? headers : undefined,
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
  });
  const events: LiveClient['events'] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, payload: Record<string, unknown>) => {
    events.push({ event, payload });
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
  return {
    socket,
    events,
    next(event, match = () => true, timeoutMs = waitMs) {
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
          reject(new Error(`No ${event} at ${baseUrl} (${transports.join('+')}) within ${timeoutMs} ms; received: ${JSON.stringify(events)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async join(room) {
      const refused = new Promise((resolve) => socket.once('exception', resolve));
      const joined = socket.timeout(waitMs).emitWithAck('join', room).catch((error: Error) => ({ failed: error.message }));
      return Promise.race([joined, refused]);
    },
    close: () => socket.close(),
  };
}
