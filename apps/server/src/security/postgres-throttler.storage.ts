import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { preparedStatement } from '../database/prepared-statement';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Rate-limit counters in PostgreSQL (an UNLOGGED table), so every server process behind a load
 * balancer counts the same hits: one atomic upsert per limited request. A key over its limit
 * stays refused until its window ends.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage {
  /** When this process last removed ended windows (0: not yet, so the first limited request does). */
  private lastTrimmed = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const { hits, secondsLeft } = await this.add(key, ttl, 1);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }

  /**
   * Adds `amount` to the key's count in its current window (a new window of `ttl` ms if the last
   * one ended): one atomic upsert, so processes counting at once never lose a hit.
   */
  async add(key: string, ttl: number, amount: number): Promise<{ hits: number; secondsLeft: number }> {
    if (Date.now() - this.lastTrimmed > TRIM_EVERY_MS) {
      this.lastTrimmed = Date.now();
      // Not awaited: the request being counted need not wait for the clean-up.
      void this.trimExpired().catch(() => undefined);
    }
    const [row]: { hits: number; seconds_left: number }[] = await this.dataSource.query(ADD_HITS(), [key, ttl, amount]);
    return { hits: row.hits, secondsLeft: Math.max(row.seconds_left, 1) };
  }

  /** The key's count in its current window (0 when it has none), without counting anything. */
  async peek(key: string): Promise<{ hits: number; secondsLeft: number }> {
    const [row]: { hits: number; seconds_left: number }[] = await this.dataSource.query(
      `SELECT hits, ceil(extract(epoch FROM (window_ends_at - now())))::int AS seconds_left
         FROM rate_limit_hits WHERE key = $1 AND window_ends_at > now()`,
      [key],
    );
    return row ? { hits: row.hits, secondsLeft: Math.max(row.seconds_left, 1) } : { hits: 0, secondsLeft: 0 };
  }

  /**
   * Every address and person that ever made a limited request leaves a row; rows whose window
   * ended count for nothing (the next hit starts a new window), so they go. Any process may run
   * this at any time: the delete only takes rows no window still needs.
   */
  async trimExpired(): Promise<number> {
    const [, deleted] = (await this.dataSource.query(`DELETE FROM rate_limit_hits WHERE window_ends_at < now() - interval '1 minute'`)) as [unknown, number];
    return deleted;
  }
}

/**
 * add()'s upsert, run for every limited request (a mutation runs it twice: its query cost and its
 * write limit): prepared, so PostgreSQL parses and plans it once per connection.
 */
const ADD_HITS = preparedStatement(
  'rate-limits:add',
  `INSERT INTO rate_limit_hits AS r (key, hits, window_ends_at)
       VALUES ($1, $3, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_ends_at <= now() THEN excluded.hits ELSE r.hits + excluded.hits END,
         window_ends_at = CASE WHEN r.window_ends_at <= now() THEN excluded.window_ends_at ELSE r.window_ends_at END
       RETURNING hits, ceil(extract(epoch FROM (window_ends_at - now())))::int AS seconds_left`,
);

/** How often one process removes ended windows: often enough that the table stays small under a flood of new addresses. */
const TRIM_EVERY_MS = 60_000;
