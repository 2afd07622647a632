import { Logger, type Provider } from '@nestjs/common';
import { createClient } from 'redis';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export type RedisClient = ReturnType<typeof createClient>;

/**
 * With REDIS_URL set, a connected Redis client for socket.io's Redis streams adapter (so several
 * server processes behind a load balancer share rooms and connection-state recovery); without it,
 * null and socket.io keeps its in-memory adapter (one process).
 */
export const redisClientProvider: Provider = {
  provide: REDIS_CLIENT,
  useFactory: async (): Promise<RedisClient | null> => {
    const url = process.env.REDIS_URL;
    if (!url) return null;
    const client = createClient({ url });
    client.on('error', (error: Error) => new Logger('Redis').warn(`Redis: ${error.message}`));
    await client.connect();
    return client;
  },
};

/** The stream the adapter writes to: every process of one site must use the same name. */
export function redisStreamName(): string {
  return process.env.REDIS_STREAM_NAME || 'commonplace:socket.io';
}
