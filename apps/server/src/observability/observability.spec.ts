import { createTestApp, type TestApp } from '../testing/test-app';
import { RouteLabels } from './request-route';

describe('route labels', () => {
  const labels = new RouteLabels();
  labels.usePages({
    routes: {
      root: { id: 'root', path: '', module: {} },
      'routes/home': { id: 'routes/home', parentId: 'root', index: true, module: {} },
      'routes/page': { id: 'routes/page', parentId: 'root', path: 'wiki/:slug', module: {} },
      'routes/page-history': { id: 'routes/page-history', parentId: 'root', path: 'wiki/:slug/history', module: {} },
      'routes/areas-csv': { id: 'routes/areas-csv', parentId: 'root', path: 'areas.csv', module: {} },
      'routes/not-found': { id: 'routes/not-found', parentId: 'root', path: '*', module: {} },
    } as never,
  });

  it('names pages by their route pattern, not their address', () => {
    expect(labels.of('/')).toBe('/');
    expect(labels.of('/wiki/emerging-issues')).toBe('/wiki/:slug');
    expect(labels.of('/wiki/another-page')).toBe('/wiki/:slug');
    expect(labels.of('/wiki/another-page/history')).toBe('/wiki/:slug/history');
    expect(labels.of('/wiki/another-page.data')).toBe('/wiki/:slug.data');
    expect(labels.of('/areas.csv')).toBe('/areas.csv');
  });

  it('gives any unknown address one of a few names', () => {
    expect(labels.of('/no/such/page')).toBe('/*');
    expect(labels.of('/wp-login.php')).toBe('/{file}');
    expect(labels.of('/assets/entry-abc123.js')).toBe('/assets/*');
    expect(labels.of('/socket.io/')).toBe('/socket.io/*');
    expect(labels.of('/graphql')).toBe('/graphql');
  });
});

describe('/metrics', () => {
  let t: TestApp;
  afterEach(async () => {
    delete process.env.METRICS_TOKEN;
    await t.close();
  });

  it('is not there when METRICS_TOKEN is unset', async () => {
    t = await createTestApp();
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer ' } })).status).toBe(404);
  });

  it('counts GraphQL requests under one route, for the holder of the token', async () => {
    process.env.METRICS_TOKEN = 'a token for this test only';
    t = await createTestApp();
    const scrape = async () => {
      const response = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      return Number(/^http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    expect((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer a token for another' } })).status).toBe(401);
    const before = await scrape();
    await t.driver.anonymous.query('{ page(slug: "emerging-issues") { title } }');
    await t.driver.anonymous.query('{ page(slug: "emerging-issues") { title } }');
    expect(await scrape()).toBe(before + 2);
  });
});
