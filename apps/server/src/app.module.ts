import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AccountsModule } from './accounts/accounts.module';
import { AuthorizationGuard } from './accounts/authorization.guard';
import { DatabaseModule } from './database/database.module';
import { DataVersion } from './database/data-version.service';
import { DiscussionsModule } from './discussions/discussions.module';
import { DraftsModule } from './drafts/drafts.module';
import { EmailRepliesModule } from './email-replies/email-replies.module';
import { FilesModule } from './files/files.module';
import { databaseUnavailablePlugin } from './graphql/database-unavailable.plugin';
import { GraphqlExecutor } from './graphql/graphql-executor.service';
import { ownWritesPlugin } from './graphql/own-writes.plugin';
import { RefusalFilter } from './graphql/refusal.filter';
import { createRequestContext } from './graphql/request-context';
import { ExportModule } from './export/export.module';
import { MediawikiImportPageModule } from './mediawiki/mediawiki.module';
import { HealthModule } from './health/health.module';
import { ChangesModule } from './changes/changes.module';
import { ModerationModule } from './moderation/moderation.module';
import { NotificationsModule } from './notifications/notifications.module';
import type { SiteLogger } from './observability/logger';
import { ObservabilityModule } from './observability/observability.module';
import { PagesModule } from './pages/pages.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { RenderingModule } from './rendering/rendering.module';
import { SearchModule } from './search/search.module';
import { SiteModule } from './site/site.module';
import { complexityPlugin, depthRule, MAX_TOKENS } from './security/graphql-limits';
import { PostgresThrottlerStorage } from './security/postgres-throttler.storage';
import { QueryCostBudget } from './security/query-cost-budget';
import { SecurityModule } from './security/security.module';
import { WriteThrottlerGuard } from './security/write-throttler.guard';
import { TagsModule } from './tags/tags.module';

export interface AppOptions {
  databaseUrl: string;
  production?: boolean;
  /** A Redis for socket.io shared by several processes (REDIS_URL); none: in memory. */
  redisUrl?: string | null;
  /** The process' pino logger (main.ts makes it first); none: one from the environment (silent under Jest). */
  logger?: SiteLogger;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const introspection = !options.production || process.env.GRAPHQL_INTROSPECTION === 'true';
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot(options.logger),
        DatabaseModule.forRoot(options.databaseUrl),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [SecurityModule],
          inject: [GraphQLSchemaHost, DataVersion, QueryCostBudget],
          useFactory: (schemaHost: GraphQLSchemaHost, dataVersion: DataVersion, costBudget: QueryCostBudget) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            playground: false,
            introspection,
            csrfPrevention: true,
            validationRules: [depthRule],
            parseOptions: { maxTokens: MAX_TOKENS },
            plugins: [complexityPlugin(() => schemaHost.schema, costBudget.charge), ownWritesPlugin(dataVersion), databaseUnavailablePlugin],
            context: ({ req, res }: { req: Request; res: Response }) => createRequestContext(req, res),
          }),
        }),
        SecurityModule,
        ThrottlerModule.forRootAsync({
          imports: [SecurityModule],
          inject: [PostgresThrottlerStorage],
          // Every write: 60 a minute per person (or address); tighter limits per mutation via @Throttle.
          useFactory: (storage: PostgresThrottlerStorage) => ({ throttlers: [{ name: 'default', ttl: 60_000, limit: 60 }], storage }),
        }),
        RenderingModule,
        FilesModule,
        ModerationModule,
        ChangesModule,
        NotificationsModule,
        SiteModule,
        AccountsModule,
        RecommendationsModule,
        PagesModule,
        DiscussionsModule,
        DraftsModule,
        EmailRepliesModule,
        SearchModule,
        TagsModule,
        RealtimeModule.forRoot(options.redisUrl),
        HealthModule,
        ExportModule,
        MediawikiImportPageModule,
      ],
      providers: [
        // Needs GraphQLSchemaHost, which GraphQLModule exports to the module that imports it.
        GraphqlExecutor,
        // Guards run in this order: who may, then how often.
        { provide: APP_GUARD, useClass: AuthorizationGuard },
        { provide: APP_GUARD, useClass: WriteThrottlerGuard },
        { provide: APP_FILTER, useClass: RefusalFilter },
      ],
    };
  }
}
