import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

/** Rooms a viewer may join: everything in the wiki is public to read, so any page, thread or area. */
const ROOM = /^(page|thread|area):[a-z0-9-]{1,100}$/;

/**
 * Live updates over socket.io, on the same origin as the pages (`/socket.io`). Viewers join the
 * rooms of what they are looking at; later features push replies, edits and stars to those rooms.
 * Connection-state recovery lets a viewer who drops briefly receive what they missed.
 */
@WebSocketGateway({
  serveClient: false,
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
})
export class RealtimeGateway {
  @SubscribeMessage('join')
  join(@ConnectedSocket() socket: Socket, @MessageBody() room: unknown): { joined: string } {
    if (typeof room !== 'string' || !ROOM.test(room)) throw new WsException('Unknown room');
    void socket.join(room);
    return { joined: room };
  }
}
