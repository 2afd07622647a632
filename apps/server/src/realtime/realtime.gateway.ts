import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  WsException,
} from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { parse as parseCookies } from 'cookie';
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@commonplace/live-events';
import { type EndedSessions, SessionsService } from '../accounts/sessions.service';
import { SESSION_COOKIE } from '../http/cookies';
import { addressKey } from '../security/address-key';
import { JOINABLE_ROOM } from '@commonplace/live-events';
import { REDIS_CLIENT, redisStreamName, type RedisClient } from './redis.provider';
import { RoomAccess } from './room-access.service';
import { DataVersion } from '../database/data-version.service';
import { SiteSettingsService } from '../site/site-settings.service';

/** The rooms one socket may be in (besides its own and its person's); the web client joins one per socket. */
export const MAX_ROOMS_PER_SOCKET = 20;
/**
 * Joins per socket: a burst of this many, then one more every JOIN_REFILL_MS (a token bucket).
 * A page's client joins once per connection, so only a script asking for room after room meets it.
 */
const JOIN_BURST = 10;
const JOIN_REFILL_MS = 500;
/** A socket refused this many joins for going too fast (within a minute) is disconnected. */
const FLOOD_STRIKES = 20;
const FLOOD_WINDOW_MS = 60 * 1000;
/** A join is a room name of at most ~110 characters; nothing a client sends needs more than this. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Sockets open at once from one address (keyed as the rate limits key it), per process. A page
 * opens one; a household or an office behind one address rarely has more than a few dozen tabs.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 50;
/**
 * Connections that never ask for a socket (a raw client) still hold the transport for up to
 * socket.io's connect timeout; past this many from one address the handshake itself is refused.
 */
const MAX_TRANSPORTS_PER_ADDRESS = 2 * MAX_CONNECTIONS_PER_ADDRESS;

// Express's own resolver of client addresses behind proxies (what `req.ip` uses), so sockets and
// the HTTP rate limits agree on who is who.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxyaddr = require('proxy-addr') as {
  (req: IncomingMessage, trust: (address: string, hop: number) => boolean): string;
  compile(trusted: string[]): (address: string, hop: number) => boolean;
};

/**
 * The rate-limit key (address-key.ts) of a handshake's client: the connecting address, or behind
 * TRUST_PROXY (a hop count or the proxies' addresses, as configure-http.ts gives Express) the
 * address the trusted proxies forwarded. IPv6 counts by its /64.
 */
export function socketAddressKey(req: IncomingMessage): string {
  const trust = process.env.TRUST_PROXY;
  if (!trust || trust === 'true') return addressKey(req.socket.remoteAddress);
  const hops = Number(trust);
  const trusted = Number.isInteger(hops) && hops >= 0 ? (_address: string, hop: number) => hop < hops : proxyaddr.compile(trust.split(',').map((part) => part.trim()));
  return addressKey(proxyaddr(req, trusted));
}

/** How fast one socket has been joining (kept per connection, not across a recovered reconnection). */
interface JoinPace {
  tokens: number;
  refilledAt: number;
  strikes: number;
  strikesSince: number;
}

/**
 * Whether a handshake comes from a page of this site. Browsers send Origin on every WebSocket
 * handshake and every cross-origin request, so a foreign page's socket (which would carry its
 * visitor's session cookie) is refused. A request without Origin is not from another site's page
 * (a same-origin polling GET, or a client that is not a browser and could forge any header), so
 * it is let through. Own origin as the HTTP same-origin check sees it (configure-http.ts): the
 * request's protocol (X-Forwarded-Proto behind TRUST_PROXY) and Host; and SITE_URL's, if set.
 */
export function fromThisSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const forwarded = process.env.TRUST_PROXY ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
  const protocol = forwarded || ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  if (req.headers.host && origin === `${protocol}://${req.headers.host}`) return true;
  try {
    return Boolean(process.env.SITE_URL) && new URL(process.env.SITE_URL!).origin === origin;
  } catch {
    return false;
  }
}

/** What a socket carries between events (and across a recovered reconnection). */
export interface LiveSocketData {
  userId: number | null;
  /** The session the handshake's cookie named (its digest, never sent to anyone). */
  sessionId: string | null;
}

/** The socket.io server and sockets typed by the live-event contract: an event or payload it does not name fails to compile. */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, Partial<LiveSocketData>>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, Partial<LiveSocketData>>;

/**
 * Live updates over socket.io, on the same origin as the pages (`/socket.io`). Viewers, signed in
 * or not, join the rooms of what they are looking at (`join`, refused for what they may not read);
 * LiveEvents pushes to those rooms after the change commits. Signed-in sockets are known by the
 * session cookie sent with the handshake and are put in `user:<id>`.
 *
 * Connection-state recovery: a viewer who drops for up to 2 minutes gets the events they missed on
 * reconnecting (socket.recovered); after longer, the client refetches. Recovery needs an offset,
 * which only room broadcasts carry, so each accepted join also sends the socket `live:joined`
 * through its own room: from then on a reconnecting client always has an offset to resume from.
 * A recovered socket keeps its rooms and person only as far as they still hold: its new handshake's
 * cookie decides its person again, and each room is checked again against what it may read now.
 */
/** Open transports (engine.io connections) per address key, in this process. */
const transports = new Map<string, number>();

@WebSocketGateway({
  serveClient: false,
  allowRequest: (req, callback) => {
    if (!fromThisSite(req)) return callback('Not from this site', false);
    const tooMany = (transports.get(socketAddressKey(req)) ?? 0) >= MAX_TRANSPORTS_PER_ADDRESS;
    callback(tooMany ? 'Too many connections from your address' : null, !tooMany);
  },
  maxHttpBufferSize: MAX_MESSAGE_BYTES,
  // Middlewares run on a recovered reconnection too: it must show who it belongs to now.
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
})
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() server!: LiveServer;
  private readonly logger = new Logger('Realtime');
  private readonly paces = new WeakMap<LiveSocket, JoinPace>();

  constructor(
    private readonly sessions: SessionsService,
    private readonly rooms: RoomAccess,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    private readonly dataVersion: DataVersion,
    private readonly site: SiteSettingsService,
  ) {}

  afterInit(server: LiveServer): void {
    // The streams adapter (unlike the plain Redis adapter) keeps what connection-state recovery needs.
    if (this.redis) server.adapter(createAdapter(this.redis, { streamName: redisStreamName(), blockTimeInMs: 2000 }) as never);
    this.sessions.onEnded((ended) => this.disconnectEnded(ended));
    // Every process hears the settings change: each lets go of its own anonymous sockets.
    this.dataVersion.onTableChanged('site_settings', () => void this.disconnectAnonymousIfPrivate());
    // Every transport counts against its address until it closes, whatever it goes on to do.
    server.engine.on('connection', (transport: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => {
      const key = socketAddressKey(transport.request);
      transports.set(key, (transports.get(key) ?? 0) + 1);
      transport.once('close', () => {
        const left = (transports.get(key) ?? 1) - 1;
        if (left > 0) transports.set(key, left);
        else transports.delete(key);
      });
    });
    // A socket beyond the cap is refused with a message the client receives (connect_error), and
    // its transport closed once that is sent, so it holds no place. This one's transport is already
    // counted, hence "more than".
    server.use((socket, next) => {
      if ((transports.get(socketAddressKey(socket.request)) ?? 0) > MAX_CONNECTIONS_PER_ADDRESS) {
        next(new Error(`Too many connections from your address: at most ${MAX_CONNECTIONS_PER_ADDRESS} at once`));
        setImmediate(() => socket.conn.close());
        return;
      }
      next();
    });
    server.use((socket, next) => {
      void this.identify(socket)
        .catch((error: unknown) => {
          this.logger.warn(`Could not read the session of a socket: ${error instanceof Error ? error.message : String(error)}`);
          Object.assign(socket.data, { userId: null, sessionId: null });
        })
        .then(() => (socket.recovered ? this.recheckRooms(socket) : undefined))
        .then(() => next());
    });
  }

  handleConnection(socket: LiveSocket): void {
    const { userId, sessionId } = socket.data;
    if (userId && sessionId) void socket.join([`user:${userId}`, `session:${sessionId}`]);
  }

  /**
   * Sockets opened with a session that has ended (sign-out, a password change), or by a person
   * suspended, restored or given another role, are disconnected on every process (through the adapter). The client starts afresh, anonymous or as whoever its
   * cookie now names; it is not a recoverable drop, so nothing is kept.
   */
  private disconnectEnded(ended: EndedSessions): void {
    try {
      const sockets =
        'sessionId' in ended
          ? this.server.in(`session:${ended.sessionId}`)
          : this.server.in(`user:${ended.userId}`).except(ended.keepSessionId ? `session:${ended.keepSessionId}` : []);
      sockets.disconnectSockets(true);
    } catch (error) {
      this.logger.warn(`Could not disconnect the sockets of ended sessions: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The site has just been made private: sockets of people signed out (on this process) are
   * disconnected, so nothing more reaches them; reconnecting, their joins are refused.
   */
  private async disconnectAnonymousIfPrivate(): Promise<void> {
    try {
      if (!(await this.site.isPrivate())) return;
      for (const socket of this.server.sockets.sockets.values()) if (!socket.data.userId) socket.disconnect(true);
    } catch (error) {
      this.logger.warn(`Could not disconnect anonymous sockets of a private site: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Takes out of `room` every socket, on any process, that may no longer join it (a thread hidden:
   * all but moderators), so nothing more is sent there to them; returns their ids (each socket's own
   * room), so the change itself can still be announced to them.
   */
  async recheckRoom(room: string): Promise<string[]> {
    const sockets = await this.server.in(room).fetchSockets();
    const removed = await Promise.all(
      sockets.map(async (socket) => {
        const refusal = await this.rooms.refusal(room, socket.data.userId ?? null).catch(() => 'Unchecked');
        if (!refusal) return null;
        socket.leave(room);
        return socket.id;
      }),
    );
    return removed.filter((id): id is string => id !== null);
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: LiveSocket, @MessageBody() room: unknown): Promise<{ joined: string }> {
    if (!this.mayJoinNow(socket)) throw new WsException('Too many joins: wait a moment and reload the page');
    // Checked before anything else, so no query ever sees a name that is not a room's.
    if (typeof room !== 'string' || !JOINABLE_ROOM.test(room)) throw new WsException('Unknown room');
    // Already in it: the answer is the same, without asking the database or sending live:joined again.
    if (socket.rooms.has(room)) return { joined: room };
    if (joinedRooms(socket).length >= MAX_ROOMS_PER_SOCKET) throw new WsException(`Too many rooms: one connection follows at most ${MAX_ROOMS_PER_SOCKET}`);
    const refusal = await this.rooms.refusal(room, socket.data.userId ?? null);
    if (refusal) throw new WsException(refusal);
    await socket.join(room);
    this.server.to(socket.id).emit('live:joined', { room });
    return { joined: room };
  }

  /** Takes a token from the socket's bucket; a socket that keeps asking with none left is disconnected. */
  private mayJoinNow(socket: LiveSocket): boolean {
    const now = Date.now();
    const pace = this.paces.get(socket) ?? { tokens: JOIN_BURST, refilledAt: now, strikes: 0, strikesSince: now };
    this.paces.set(socket, pace);
    pace.tokens = Math.min(JOIN_BURST, pace.tokens + (now - pace.refilledAt) / JOIN_REFILL_MS);
    pace.refilledAt = now;
    if (pace.tokens >= 1) {
      pace.tokens -= 1;
      return true;
    }
    if (now - pace.strikesSince > FLOOD_WINDOW_MS) Object.assign(pace, { strikes: 0, strikesSince: now });
    pace.strikes += 1;
    if (pace.strikes >= FLOOD_STRIKES) {
      socket.emit('exception', { status: 'error', message: 'Too many joins: disconnected' });
      socket.disconnect(true);
    }
    return false;
  }

  /**
   * A recovered socket comes back with the rooms and person it had. Its person is what its new
   * handshake's cookie says (identify, just run): a session ended meanwhile (sign-out, a password
   * change) leaves it anonymous, out of the old person's room. Each room is checked as a join
   * would be now, and left if refused (a thread hidden, a page deleted meanwhile). If the checks
   * cannot be made, the rooms are left: the client then hears nothing rather than too much.
   */
  private async recheckRooms(socket: LiveSocket): Promise<void> {
    const userId = socket.data.userId ?? null;
    const { sessionId } = socket.data;
    const own = new Set([`user:${userId}`, `session:${sessionId}`]);
    for (const room of socket.rooms) if (/^(user|session):/.test(room) && !own.has(room)) void socket.leave(room);
    await Promise.all(
      joinedRooms(socket).map(async (room) => {
        const refusal = await this.rooms.refusal(room, userId).catch((error: unknown) => {
          this.logger.warn(`Could not check the room ${room} of a recovered socket: ${error instanceof Error ? error.message : String(error)}`);
          return 'Unchecked';
        });
        if (refusal) void socket.leave(room);
      }),
    );
  }

  /** Anonymous unless the handshake's cookie names a live session. */
  private async identify(socket: LiveSocket): Promise<void> {
    const token = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const viewer = token ? await this.sessions.viewerFor(token) : null;
    Object.assign(socket.data, { userId: viewer?.user.id ?? null, sessionId: viewer?.sessionId ?? null });
  }
}

/** The page, thread and area rooms a socket is in (not its own room or its person's). */
function joinedRooms(socket: LiveSocket): string[] {
  return [...socket.rooms].filter((room) => JOINABLE_ROOM.test(room));
}
