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
import { SessionsService } from '../accounts/sessions.service';
import { SESSION_COOKIE } from '../http/cookies';
import { REDIS_CLIENT, redisStreamName, type RedisClient } from './redis.provider';
import { RoomAccess } from './room-access.service';

/** What a socket carries between events (and across a recovered reconnection). */
export interface LiveSocketData {
  userId: number | null;
}

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
 */
@WebSocketGateway({
  serveClient: false,
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
})
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() server!: Server;
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly sessions: SessionsService,
    private readonly rooms: RoomAccess,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
  ) {}

  afterInit(server: Server): void {
    // The streams adapter (unlike the plain Redis adapter) keeps what connection-state recovery needs.
    if (this.redis) server.adapter(createAdapter(this.redis, { streamName: redisStreamName(), blockTimeInMs: 2000 }) as never);
    server.use((socket, next) => {
      void this.identify(socket).then(
        () => next(),
        (error: unknown) => {
          this.logger.warn(`Could not read the session of a socket: ${error instanceof Error ? error.message : String(error)}`);
          (socket.data as LiveSocketData).userId = null;
          next();
        },
      );
    });
  }

  handleConnection(socket: Socket): void {
    const { userId } = socket.data as LiveSocketData;
    if (userId) void socket.join(`user:${userId}`);
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() room: unknown): Promise<{ joined: string }> {
    const refusal = await this.rooms.refusal(room, (socket.data as LiveSocketData).userId ?? null);
    if (refusal) throw new WsException(refusal);
    await socket.join(room as string);
    this.server.to(socket.id).emit('live:joined', { room });
    return { joined: room as string };
  }

  /** Anonymous unless the handshake's cookie names a live session. */
  private async identify(socket: Socket): Promise<void> {
    const token = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const viewer = token ? await this.sessions.viewerFor(token) : null;
    (socket.data as LiveSocketData).userId = viewer?.user.id ?? null;
  }
}
