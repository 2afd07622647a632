import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { AccountsModule } from './accounts/accounts.module';
import { DatabaseModule } from './database/database.module';
import { DiscussionsModule } from './discussions/discussions.module';
import { GraphqlExecutor } from './graphql/graphql-executor.service';
import { createRequestContext } from './graphql/request-context';
import { HealthModule } from './health/health.module';
import { PagesModule } from './pages/pages.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { RenderingModule } from './rendering/rendering.module';

export interface AppOptions {
  databaseUrl: string;
  production?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const introspection = !options.production || process.env.GRAPHQL_INTROSPECTION === 'true';
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(options.databaseUrl),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection,
          csrfPrevention: true,
          context: ({ req, res }: { req: Request; res: Response }) => createRequestContext(req, res),
        }),
        RenderingModule,
        AccountsModule,
        RecommendationsModule,
        PagesModule,
        DiscussionsModule,
        RealtimeModule,
        HealthModule,
      ],
      // Needs GraphQLSchemaHost, which GraphQLModule exports to the module that imports it.
      providers: [GraphqlExecutor],
    };
  }
}
