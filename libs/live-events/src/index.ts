/**
 * The live-event contract (socket.io, path `/socket.io`, default namespace), written once for the
 * server that sends the events and the web client that hears them. Clients emit `join` with a room
 * name and get the ack `{ joined: room }`, or an `exception` event `{ status: 'error', message }`
 * when refused. Events carry ids and names only, never text: a
 * client refetches what it shows, so hidden or moderated text never travels in an event.
 *
 * Rooms: `thread:<id>`, `page:<slug>`, `area:<slug>`; signed-in sockets are also in `user:<id>`.
 */

/** To `thread:<threadId>`. */
export interface ReplyPostedEvent {
  threadId: number;
  replyId: number;
  parentReplyId: number | null;
  author: { username: string; displayName: string };
  /** ISO 8601 */
  createdAt: string;
}

/** `reply:edited` and `reply:deleted`, to `thread:<threadId>`. */
export interface ReplyChangedEvent {
  threadId: number;
  replyId: number;
}

/** To `thread:<threadId>`: a moderator changed the thread itself (locked, pinned, moved, hidden, or undid one). */
export interface ThreadChangedEvent {
  threadId: number;
}

/** To `thread:<threadId>`: how many people now find the post valuable; replyId null for the opening post. */
export interface ValuableChangedEvent {
  threadId: number;
  replyId: number | null;
  count: number;
}

/**
 * To `page:<slug>` of the page the thread is on, and `area:<slug>` when it is about a recommendation.
 * No subject: a thread may be hidden before a recovering socket hears of it (the client refetches).
 */
export interface ThreadStartedEvent {
  threadId: number;
  pageSlug: string;
}

/** To the `page:<slug>` that lists the recommendations and the recommendation's `area:<slug>`. */
export interface StarChangedEvent {
  recommendationId: number;
  /** How many people now mark it a simple, realistic mechanism. */
  count: number;
}

/** To `user:<id>`: that person's notifications changed (new ones, or read); the client asks for the count. */
export type NotificationsChangedEvent = Record<string, never>;

export interface LiveEventMap {
  'reply:posted': ReplyPostedEvent;
  'reply:edited': ReplyChangedEvent;
  'reply:deleted': ReplyChangedEvent;
  'valuable:changed': ValuableChangedEvent;
  'thread:started': ThreadStartedEvent;
  'thread:changed': ThreadChangedEvent;
  'star:changed': StarChangedEvent;
  'notifications:changed': NotificationsChangedEvent;
}

export type LiveEventName = keyof LiveEventMap;

/** Sent to one socket (its own room) once it has joined a room: tests and tools wait for it. */
export interface JoinedEvent {
  room: string;
}

/** Sent to one socket whose request was refused; `message` says why (too many joins, an unknown room). */
export interface LiveException {
  status: 'error';
  message: string;
}

/** What the server sends, by event name: socket.io's `Server<ClientToServer, ServerToClient>` and `Socket<ServerToClient, ClientToServer>` take these. */
export type ServerToClientEvents = { [E in LiveEventName]: (payload: LiveEventMap[E]) => void } & {
  'live:joined': (payload: JoinedEvent) => void;
  exception: (payload: LiveException) => void;
};

/** What a client may send: `join` with a room name, answered by an ack (or an `exception` event when refused). */
export interface ClientToServerEvents {
  join: (room: string, answer: (joined: { joined?: string }) => void) => void;
}

/** Room names a client may ask to join; areas by slug. */
export const JOINABLE_ROOM = /^(page|thread|area):[a-z0-9-]{1,100}$/;
