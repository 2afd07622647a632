import { Logger, type Provider } from '@nestjs/common';
import { createClient } from 'redis';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export type RedisClient = ReturnType<typeof createClient>;

/**
 * With a Redis URL (REDIS_URL, passed in by main.ts), a connected Redis client for socket.io's Redis
 * streams adapter (so several server processes behind a load balancer share rooms and
 * connection-state recovery); without one, null and socket.io keeps its in-memory adapter (one
 * process). Test apps get none unless a test asks, so parallel test files never share a stream.
 */
export function redisClientProvider(url: string | null | undefined): Provider {
  return {
    provide: REDIS_CLIENT,
    useFactory: async (): Promise<RedisClient | null> => {
      if (!url) return null;
      const client = createClient({
        url,
        // Reconnect for ever, backing off to one attempt every 2 s: Redis coming back must resume
        // live updates by itself, and a dead Redis must not cost much CPU.
        socket: { reconnectStrategy: (retries: number) => Math.min(250 * 2 ** retries, 2000) },
      });
      watchRedisState(client, new Logger('Redis'));
      await client.connect();
      return client;
    },
  };
}

/**
 * Logs when Redis goes away and when it is back, once each: the client reports an error on every
 * reconnection attempt, which would flood the log during an outage. Pages, sign-in and posting never
 * wait on Redis; only live updates between processes pause meanwhile.
 */
export function watchRedisState(client: RedisClient, logger: Pick<Logger, 'warn'>): void {
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    logger.warn(`Redis is unreachable (${error.message}); live updates between processes pause until it is back`);
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    // A warning too: production logs only warnings and errors, and the operator who saw it go needs to see it return.
    logger.warn('Redis is back; live updates between processes resume');
  });
}

/** Closes the client without waiting on a Redis that is away (QUIT would queue until it returns). */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.isReady) await client.quit().catch(() => undefined);
  else if (client.isOpen) client.destroy();
}

/** The stream the adapter writes to: every process of one site must use the same name. */
export function redisStreamName(): string {
  return process.env.REDIS_STREAM_NAME || 'commonplace:socket.io';
}
