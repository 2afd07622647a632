import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LiveEvents } from './live-events.service';
import { RealtimeGateway } from './realtime.gateway';
import { closeRedis, REDIS_CLIENT, redisClientProvider, type RedisClient } from './redis.provider';
import { RoomAccess } from './room-access.service';

/** socket.io rooms and the live events pushed to them; LiveEvents is available everywhere. */
@Global()
@Module({
  imports: [AccountsModule],
  providers: [RealtimeGateway, RoomAccess, LiveEvents],
  exports: [LiveEvents],
})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient | null) {}

  /** With `redisUrl`, rooms are shared with other processes through Redis; without, in memory. */
  static forRoot(redisUrl: string | null | undefined): DynamicModule {
    return { module: RealtimeModule, providers: [redisClientProvider(redisUrl)] };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}
