import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createClient } from 'redis';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { configureHttp } from '../http/configure-http';
import { makeThread } from '../testing/factories';
import { GraphqlDriver } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import type { TestApp } from '../testing/test-app';
import { createTestDatabase } from '../testing/test-database';
import { liveClient, type LiveClient } from './live-socket.testing';

/**
 * Two server processes behind one load balancer, sharing socket.io rooms through Redis (the
 * streams adapter), at REDIS_URL: jest.config.js runs this file only when it is set (.ci/run sets
 * it). Each run writes its own stream, so parallel runs do not mix.
 */
const REDIS_URL = process.env.REDIS_URL!;
const REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code } } }`;

async function instance(databaseUrl: string): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl, redisUrl: REDIS_URL })] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'], bodyParser: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  return { app: app as INestApplication, baseUrl, dataSource: app.get(DataSource), graphql: undefined as never, driver: new GraphqlDriver(baseUrl), close: () => app.close() };
}

describe('live events across server processes (Redis streams adapter)', () => {
  const streamName = `commonplace-test:${randomBytes(4).toString('hex')}`;
  let database: { url: string; drop: () => Promise<void> };
  let one: TestApp;
  let two: TestApp;
  const clients: LiveClient[] = [];
  const savedStream = process.env.REDIS_STREAM_NAME;

  beforeAll(async () => {
    process.env.RATE_LIMITS = 'off';
    process.env.REDIS_STREAM_NAME = streamName;
    database = await createTestDatabase();
    one = await instance(database.url);
    two = await instance(database.url);
  });
  afterAll(async () => {
    for (const made of clients) made.close();
    await one?.close();
    await two?.close();
    await database?.drop();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    await redis.del(streamName);
    await redis.quit();
    delete process.env.RATE_LIMITS;
    if (savedStream === undefined) delete process.env.REDIS_STREAM_NAME;
    else process.env.REDIS_STREAM_NAME = savedStream;
  });

  it('delivers a reply posted through one process to a viewer connected to the other, and recovers across them', async () => {
    const alice = await signedIn(one, 'participant');
    const { id: threadId } = await makeThread(one, { page: 'emerging-issues', starter: alice, subject: 'Across processes', body: 'Hello' });
    const viewer = await liveClient(two.baseUrl);
    clients.push(viewer);
    expect(await viewer.join(`thread:${threadId}`)).toEqual({ joined: `thread:${threadId}` });
    await viewer.next('live:joined');

    const post = async (body: string) => {
      const { data } = await one.driver.as(alice).query<{ postReply: { reply: { id: number } } }>(REPLY, { input: { threadId, body } });
      return data!.postReply.reply.id;
    };
    const first = await post('Through instance one');
    expect(await viewer.next('reply:posted', (p) => p.replyId === first)).toMatchObject({ threadId, replyId: first });

    // Connection-state recovery works through Redis too: drop, miss 3 replies, come back.
    viewer.socket.io.reconnection(false);
    const dropped = new Promise((resolve) => viewer.socket.once('disconnect', resolve));
    viewer.socket.io.engine.close();
    await dropped;
    const missed = [await post('One'), await post('Two'), await post('Three')];
    const reconnected = new Promise<void>((resolve) => viewer.socket.once('connect', () => resolve()));
    viewer.socket.connect();
    await reconnected;
    expect(viewer.socket.recovered).toBe(true);
    await viewer.next('reply:posted', (p) => p.replyId === missed[2]);
    expect(viewer.events.filter((e) => e.event === 'reply:posted').map((e) => e.payload.replyId)).toEqual([first, ...missed]);
  });

  it('disconnects a session’s socket on the other process when the session ends', async () => {
    const bob = await signedIn(one, 'participant');
    const viewer = await liveClient(two.baseUrl, bob.cookie);
    clients.push(viewer);
    const gone = new Promise<string>((resolve) => viewer.socket.once('disconnect', resolve));
    await one.driver.as(bob).query(`mutation { signOut }`);
    expect(await gone).toBe('io server disconnect');
  });
});
