import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { preparedStatement, type PreparedStatement } from '../database/prepared-statement';
import { entityFrom, jsonOf } from '../database/rows';
import { Session } from './session.entity';
import { User } from './user.entity';
import { newSecretToken, secretTokenDigest } from '../common/secret-token';

/** Sessions end after this long without a request. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
/** The most of a User-Agent header kept: enough to name the browser and system. */
const USER_AGENT_MAX = 512;
/** The most sessions the account page lists (the most recently seen first). */
export const SESSIONS_LISTED = 50;
/** last_seen_at is written at most this often, so page views do not each write to the database. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface Viewer {
  user: User;
  sessionId: string;
}

/** Sessions that have just ended: one, or every one of a person but `keepSessionId`. */
export type EndedSessions = { sessionId: string } | { userId: number; keepSessionId: string | null };

@Injectable()
export class SessionsService {
  private readonly endedListeners: ((ended: EndedSessions) => void)[] = [];
  /** viewerFor's statement, built once the columns of users can be read from the entity's metadata. */
  private viewerStatement?: PreparedStatement;

  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {}

  /** Starts a session and returns the token for the cookie; sweeps away sessions that have expired. */
  async start(userId: number, userAgent: string | null = null): Promise<string> {
    const token = newSecretToken();
    const now = new Date();
    // Expired sessions are refused when presented; this keeps ones never presented again from piling up.
    await this.purgeExpired();
    await this.sessions.insert({ id: secretTokenDigest(token), userId, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS), userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null });
    return token;
  }

  /** The signed-in person for a cookie's token, or null when it is unknown or has expired: the session and the person in one statement. */
  async viewerFor(token: string): Promise<Viewer | null> {
    const id = secretTokenDigest(token);
    const db = this.sessions.manager.connection;
    // Every signed-in request runs this: prepared, so it is parsed and planned once per connection.
    this.viewerStatement ??= preparedStatement(
      'sessions:viewer-for',
      `SELECT s.expires_at, s.last_seen_at, ${jsonOf(db, User, 'u')} AS user FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
    );
    const [row]: { expires_at: Date; last_seen_at: Date; user: Record<string, unknown> | null }[] = await this.sessions.query(this.viewerStatement(), [id]);
    if (!row) return null;
    const now = Date.now();
    if (row.expires_at.getTime() <= now) {
      await this.sessions.delete({ id });
      return null;
    }
    if (!row.user) return null;
    if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.update({ id }, { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_IDLE_MS) });
    }
    return { user: entityFrom(db, User, row.user), sessionId: id };
  }

  /** A person's live sessions, the most recently seen first. */
  listFor(userId: number): Promise<Session[]> {
    return this.sessions
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.expires_at > now()', { userId })
      .orderBy('s.last_seen_at', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .limit(SESSIONS_LISTED)
      .getMany();
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
    this.tellEnded({ sessionId });
  }

  /** Ends every session of a person but one (after a password change, say). */
  async endOthers(userId: number, keepSessionId: string | null): Promise<number> {
    const query = this.sessions.createQueryBuilder().delete().where('user_id = :userId', { userId });
    if (keepSessionId) query.andWhere('id <> :keep', { keep: keepSessionId });
    const { affected } = await query.execute();
    this.tellEnded({ userId, keepSessionId });
    return affected ?? 0;
  }

  /**
   * A person's standing changed (suspended or restored, a new role) while their sessions go on:
   * what they follow live was checked as they were, so listeners treat it as all their sessions
   * ending (their sockets reconnect and are checked afresh).
   */
  standingChanged(userId: number): void {
    this.tellEnded({ userId, keepSessionId: null });
  }

  /**
   * Called once sessions have ended (the delete has committed), so what was opened with them can
   * close too: the live-update gateway disconnects their sockets. Listeners must not throw.
   */
  onEnded(listener: (ended: EndedSessions) => void): void {
    this.endedListeners.push(listener);
  }

  private tellEnded(ended: EndedSessions): void {
    for (const listener of this.endedListeners) listener(ended);
  }

  async purgeExpired(): Promise<void> {
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
  }
}
