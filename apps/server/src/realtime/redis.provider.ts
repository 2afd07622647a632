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
      const client = createClient({ url });
      client.on('error', (error: Error) => new Logger('Redis').warn(`Redis: ${error.message}`));
      await client.connect();
      return client;
    },
  };
}

/** The stream the adapter writes to: every process of one site must use the same name. */
export function redisStreamName(): string {
  return process.env.REDIS_STREAM_NAME || 'commonplace:socket.io';
}
