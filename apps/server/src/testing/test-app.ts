import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { GraphqlExecutor } from '../graphql/graphql-executor.service';
import { configureHttp } from '../http/configure-http';
import { GraphqlDriver } from './graphql-driver';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  dataSource: DataSource;
  graphql: GraphqlExecutor;
  /** GraphQL over HTTP as someone: `t.driver.as(person).query(document, variables)`. */
  driver: GraphqlDriver;
  close(): Promise<void>;
}

/**
 * The whole server (GraphQL, socket.io, health) on a fresh database cloned from the seeded template.
 * `rateLimits: false` turns the write limits off until `close()`, for tests that write a lot as one
 * person (the limits have tests of their own).
 */
export async function createTestApp(options: { production?: boolean; rateLimits?: boolean } = {}): Promise<TestApp> {
  if (options.rateLimits === false) process.env.RATE_LIMITS = 'off';
  const database = await createTestDatabase();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl: database.url, production: options.production })] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'], bodyParser: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    dataSource: app.get(DataSource),
    graphql: app.get(GraphqlExecutor),
    driver: new GraphqlDriver(baseUrl),
    async close() {
      if (options.rateLimits === false) delete process.env.RATE_LIMITS;
      await app.close();
      await database.drop();
    },
  };
}
