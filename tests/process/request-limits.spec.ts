import http from 'node:http';
import { dropDatabase, freePort, freshDatabase, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

/*
 * Limits on what one request can make the built server do, as a stranger would try them: a body
 * sent in chunks with no Content-Length (so the length cannot be checked up front) is refused once
 * it passes 1 MB, for form actions and /graphql alike, and the server goes on answering.
 */
describe('the built server, against oversized and chunked requests', () => {
  let server: ServerProcess;
  let baseUrl: string;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const adminUrl = process.env.DATABASE_URL;
    const database = adminUrl ? { DATABASE_URL: await freshDatabase(adminUrl) } : { DATABASE_URL: undefined, DATA_DIR: tempDataDir() };
    server = startServer({ PORT: String(port), NODE_ENV: 'production', ...database });
    await waitUntilReady(server, baseUrl);
  }, 90_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    await dropDatabase();
  });

  /** POSTs `megabytes` of body in 64 KB chunks without a Content-Length; resolves with the answer. */
  const chunkedPost = (path: string, contentType: string, megabytes: number) =>
    new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': contentType, origin: baseUrl, 'transfer-encoding': 'chunked' } });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = megabytes * 1024 * 1024;
      const write = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', write);
        }
        request.end();
      };
      request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text) => (body += text));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, sent }));
      });
      // The server may close the connection once it has answered; the answer is what counts.
      request.on('error', (error) => (sent > 0 ? undefined : reject(error)));
      request.write('username=');
      write();
    });

  it('refuses a chunked form post over 1 MB with a 413 page, without reading it all', async () => {
    const answer = await chunkedPost('/sign-in', 'application/x-www-form-urlencoded', 64);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('That was too much to send at once');
    expect(answer.sent).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  it('refuses a chunked GraphQL post over 1 MB with a 413', async () => {
    const answer = await chunkedPost('/graphql', 'application/json', 4);
    expect(answer.status).toBe(413);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  it('sends pages (the form token, the viewer’s header) as private and never stored', async () => {
    const signIn = await fetch(`${baseUrl}/sign-in`);
    expect(await signIn.text()).toMatch(/name="_csrf"/);
    expect(signIn.headers.get('cache-control')).toBe('private, no-store');
    for (const path of ['/wiki/emerging-issues', '/', '/no-such-page-here']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    }
    // Assets stay cacheable for good; exports say themselves how they may be kept.
    expect((await fetch(`${baseUrl}/areas.csv`)).headers.get('cache-control')).toBe('no-cache');
  });
});
