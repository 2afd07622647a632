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

  /**
   * POSTs `megabytes` of body in 64 KB chunks without a Content-Length; resolves with the answer
   * and how much of the body the server took: once the answer has come, the upload is watched until
   * it ends (the server read or threw away all of it), fails (the server cut the connection), or
   * stalls for 2 s (the server stopped reading).
   */
  const chunkedPost = (path: string, contentType: string, megabytes: number) =>
    new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': contentType, origin: baseUrl, 'transfer-encoding': 'chunked' } });
      let sent = 0;
      let uploadOver = false;
      let answer: { status: number; body: string } | null = null;
      let stalled: NodeJS.Timeout | undefined;
      const settle = () => {
        clearTimeout(stalled);
        // Cut off before an answer could be read: none will come.
        if (!answer && uploadOver) return void (stalled = setTimeout(() => resolve({ status: 0, body: '', sent }), 500));
        if (!answer) return;
        if (uploadOver) return resolve({ ...answer, sent });
        stalled = setTimeout(() => resolve({ ...answer!, sent }), 2000);
      };
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = megabytes * 1024 * 1024;
      const write = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', () => (settle(), write()));
        }
        request.end(() => ((uploadOver = true), settle()));
      };
      request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text) => (body += text));
        response.on('end', () => ((answer = { status: response.statusCode ?? 0, body }), settle()));
      });
      // The server may close the connection once it has answered; the answer is what counts.
      request.on('error', (error) => (sent > 0 ? ((uploadOver = true), settle()) : reject(error)));
      request.on('close', () => ((uploadOver = true), settle()));
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

  it('refuses a multipart form over 1 MB sent to a page whose form takes no files, and one over the upload limit to one that does', async () => {
    const signIn = await chunkedPost('/sign-in', 'multipart/form-data; boundary=x', 64);
    expect(signIn.status).toBe(413);
    expect(signIn.sent).toBeLessThan(16 * 1024 * 1024);
    const edit = await chunkedPost('/wiki/emerging-issues/edit', 'multipart/form-data; boundary=x', 64);
    expect(edit.status).toBe(413);
    expect(edit.body).toContain('at most 3 files of 10 MB each');
    expect(edit.sent).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  it('refuses a chunked GraphQL post over 1 MB with a 413', async () => {
    const answer = await chunkedPost('/graphql', 'application/json', 4);
    expect(answer.status).toBe(413);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  it('cuts off a chunked body over 1 MB sent to a socket.io polling connection', async () => {
    // A real polling session: the handshake gives its id, and socket.io reads the POSTs made to it.
    const handshake = await (await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`)).text();
    const sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid;
    const answer = await chunkedPost(`/socket.io/?EIO=4&transport=polling&sid=${sid}`, 'text/plain;charset=UTF-8', 64);
    // socket.io answers 413 at its own 16 KB limit and closes; the client may see the close first.
    expect([0, 413]).toContain(answer.status);
    expect(answer.sent).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  it('cuts off a chunked body over 1 MB sent to paths that take no body (probes, pages without a form, files)', async () => {
    for (const path of ['/healthz', '/readyz', '/graphql/nothing', '/wiki/emerging-issues', '/assets/nothing.js', '/no-such-page']) {
      const answer = await chunkedPost(path, 'application/octet-stream', 64);
      // Answered at once (404, 405, 413…), or cut off before the answer could be read (0).
      expect([path, answer.status === 0 || (answer.status >= 400 && answer.status < 500)]).toEqual([path, true]);
      expect([path, answer.sent < 64 * 1024 * 1024]).toEqual([path, true]);
    }
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 120_000);

  it('sends pages (the form token, the viewer’s header) as private and never stored', async () => {
    const signIn = await fetch(`${baseUrl}/sign-in`);
    expect(await signIn.text()).toMatch(/name="_csrf"/);
    expect(signIn.headers.get('cache-control')).toBe('private, no-store');
    for (const path of ['/wiki/emerging-issues', '/', '/no-such-page-here']) {
      const response = await fetch(`${baseUrl}${path}`);
      const cacheControl = response.headers.get('cache-control');
      // A page kept whole for everyone signed out (FinishedPages) holds no form token and nothing
      // personal: the browser may keep it but must ask again each time (ETag, 304). Anything else
      // is never stored.
      if (cacheControl === 'private, no-cache') {
        expect([path, response.headers.get('etag')]).toEqual([path, expect.stringMatching(/^"/)]);
        expect([path, await response.text()]).toEqual([path, expect.not.stringMatching(/name="_csrf"/)]);
      } else {
        expect([path, cacheControl]).toEqual([path, 'private, no-store']);
      }
    }
    // Assets stay cacheable for good; exports say themselves how they may be kept.
    expect((await fetch(`${baseUrl}/areas.csv`)).headers.get('cache-control')).toBe('no-cache');
  });
});
