import { freePort } from '../process/server-process';
import {
  connectViewer,
  deleteStream,
  graphqlAt,
  graphqlFrom,
  reliabilityDatabase,
  sessionCookie,
  startBalancer,
  startCluster,
  streamName,
  type Balancer,
  type Cluster,
  type Transport,
  type Viewer,
} from './support/balancer';

/*
 * Three built server processes on one PostgreSQL database and one Redis, behind nginx configured
 * by the shipped docker/nginx.conf, checked as readers and participants would use them: directly
 * at each process and through the balancer.
 */
const ADMIN_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
if (!ADMIN_URL || !REDIS_URL) {
  throw new Error('three-processes.spec.ts needs DATABASE_URL and REDIS_URL (a PostgreSQL server and a Redis all processes share); .ci/run sets both.');
}

const PASSWORD = 'a long shared passphrase 7431';
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { user { username } errors { code message } } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { user { username } errors { code } } }`;
const VIEWER = `{ viewer { username } }`;
const START_THREAD = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code message } } }`;
const POST_REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code message } } }`;

const unique = () => Math.random().toString(36).slice(2, 8);

describe('three processes behind nginx (docker/nginx.conf)', () => {
  const stream = streamName();
  let database: Awaited<ReturnType<typeof reliabilityDatabase>> | undefined;
  let cluster: Cluster | undefined;
  let balancer: Balancer | undefined;
  let processes: string[];
  let ports: number[];
  const viewers: Viewer[] = [];

  beforeAll(async () => {
    database = await reliabilityDatabase(ADMIN_URL);
    ports = [await freePort(), await freePort(), await freePort()];
    cluster = await startCluster(ports, { DATABASE_URL: database.url, REDIS_URL, REDIS_STREAM_NAME: stream });
    processes = cluster.urls;
    balancer = await startBalancer({ upstreamPorts: ports, listenPort: await freePort() });
  }, 240_000);

  afterAll(async () => {
    for (const viewer of viewers) viewer.close();
    await balancer?.stop();
    await cluster?.stop();
    await database?.drop();
    await deleteStream(REDIS_URL, stream);
  });

  /** Registers someone through the balancer, as a new reader would; returns their username. */
  async function register(): Promise<{ username: string; cookie: string }> {
    const username = `reader-${unique()}`;
    const answer = await graphqlAt<{ register: { user: { username: string } | null; errors: unknown[] } }>(balancer!.url, REGISTER, {
      input: { username, displayName: username, password: PASSWORD },
    });
    expect(answer).toMatchObject({ status: 200, data: { register: { errors: [] } } });
    return { username, cookie: sessionCookie(answer.setCookie) };
  }

  const viewerAt = async (baseUrl: string, cookie?: string) =>
    (await graphqlAt<{ viewer: { username: string } | null }>(baseUrl, VIEWER, {}, cookie ? { cookie } : {})).data?.viewer?.username ?? null;

  it('knows a session made on one process on the others, and ends it everywhere on sign-out', async () => {
    const { username } = await register();
    const signIn = await graphqlAt<{ signIn: { user: { username: string } | null } }>(processes[0], SIGN_IN, { input: { username, password: PASSWORD } });
    expect(signIn.data?.signIn.user?.username).toBe(username);
    const cookie = sessionCookie(signIn.setCookie);

    for (const url of [...processes, balancer!.url]) expect(await viewerAt(url, cookie)).toBe(username);

    await graphqlAt(processes[2], `mutation { signOut }`, {}, { cookie });
    for (const url of [...processes, balancer!.url]) expect(await viewerAt(url, cookie)).toBeNull();
  });

  it('tells viewers on every process, over WebSocket and polling, directly and through nginx, of a reply posted through one', async () => {
    const { cookie } = await register();
    const started = await graphqlAt<{ startThread: { thread: { id: number } | null; errors: unknown[] } }>(
      balancer!.url,
      START_THREAD,
      { input: { pageSlug: 'emerging-issues', subject: 'Heard on every process', body: 'Does everyone hear this?' } },
      { cookie },
    );
    expect(started).toMatchObject({ status: 200, data: { startThread: { errors: [] } } });
    const threadId = started.data!.startThread.thread!.id;
    const room = `thread:${threadId}`;

    const places = [...processes.map((url, index) => ({ url, name: `process ${index + 1}` })), { url: balancer!.url, name: 'nginx' }];
    const watching: { name: string; viewer: Viewer }[] = [];
    for (const place of places) {
      for (const transport of ['websocket', 'polling'] as Transport[]) {
        const viewer = await connectViewer(place.url, [transport]);
        viewers.push(viewer);
        expect(await viewer.join(room)).toEqual({ joined: room });
        await viewer.next('live:joined');
        watching.push({ name: `${place.name} over ${transport}`, viewer });
      }
    }

    for (const through of [processes[0], processes[1], balancer!.url]) {
      const posted = await graphqlAt<{ postReply: { reply: { id: number } | null; errors: unknown[] } }>(
        through,
        POST_REPLY,
        { input: { threadId, body: `Posted through ${through}` } },
        { cookie },
      );
      expect(posted).toMatchObject({ status: 200, data: { postReply: { errors: [] } } });
      const replyId = posted.data!.postReply.reply!.id;
      const heard = await Promise.all(
        watching.map(async ({ name, viewer }) => {
          const payload = await viewer.next('reply:posted', (p) => p.replyId === replyId).catch(() => null);
          return { name, heard: payload?.threadId === threadId };
        }),
      );
      expect(heard.filter((one) => !one.heard).map((one) => one.name)).toEqual([]);
    }
    // Each reply once, in order, to every viewer.
    for (const { viewer } of watching) expect(viewer.events.filter((e) => e.event === 'reply:posted')).toHaveLength(3);
  });

  it('keeps a polling socket through nginx, and lets the web client’s default (polling, then WebSocket) upgrade', async () => {
    const polling = await connectViewer(balancer!.url, ['polling'], { reconnection: false });
    viewers.push(polling);
    const disconnected: string[] = [];
    polling.socket.on('disconnect', (reason) => disconnected.push(reason));
    // Several round trips, each a new HTTP request that must reach the process holding the session.
    for (const room of ['page:emerging-issues', 'page:home', 'area:flexible-processes']) {
      expect(await polling.join(room)).toEqual({ joined: room });
      await polling.next('live:joined', (p) => p.room === room);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(disconnected).toEqual([]);
    expect(polling.socket.connected).toBe(true);
    expect(polling.socket.io.engine.transport.name).toBe('polling');

    const upgrading = await connectViewer(balancer!.url, ['polling', 'websocket'], { reconnection: false });
    viewers.push(upgrading);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no upgrade to WebSocket through nginx within 5 s')), 5000);
      if (upgrading.socket.io.engine.transport.name === 'websocket') return resolve();
      upgrading.socket.io.engine.once('upgrade', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    expect(upgrading.socket.io.engine.transport.name).toBe('websocket');
    expect(upgrading.socket.connected).toBe(true);
  });

  it('loses polling sockets when the sticky line is taken out of the example (why it is there)', async () => {
    const roundRobin = await startBalancer({ upstreamPorts: ports, listenPort: await freePort(), withoutStickiness: true });
    try {
      const outcome = await connectViewer(roundRobin.url, ['polling'], { reconnection: false }).then(
        async (viewer) => {
          viewers.push(viewer);
          const dropped = new Promise<string>((resolve) => viewer.socket.once('disconnect', (reason) => resolve(`disconnected: ${reason}`)));
          const joined = viewer.join('page:emerging-issues').then((answer) => `joined: ${JSON.stringify(answer)}`);
          return Promise.race([dropped, joined]);
        },
        (error: Error) => `refused: ${error.message}`,
      );
      console.log(`Round-robin /socket.io, polling client: ${outcome}`);
      expect(outcome).toMatch(/^(refused|disconnected):/);
    } finally {
      await roundRobin.stop();
    }
  });

  it('answers a body over 1 MiB through nginx with the site’s 413 page, announced or chunked, and goes on serving', async () => {
    const form = `body=${'x'.repeat(1024 * 1024 + 10)}`;
    const send = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${balancer!.url}/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: balancer!.url, ...headers },
        body,
        duplex: 'half',
      } as RequestInit);
    const announced = await send(form);
    expect(announced.status).toBe(413);
    expect(await announced.text()).toMatch(/That was too much to send at once/);

    // A stream without Content-Length goes out chunked: nginx counts it as it arrives.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent < form.length; sent += 64 * 1024) controller.enqueue(new TextEncoder().encode(form.slice(sent, sent + 64 * 1024)));
        controller.close();
      },
    });
    const chunked = await send(chunks);
    expect(chunked.status).toBe(413);
    expect(await chunked.text()).toMatch(/That was too much to send at once/);

    // The connections nginx keeps to the processes are still sound.
    for (let i = 0; i < 6; i++) expect((await fetch(`${balancer!.url}/wiki/emerging-issues`)).status).toBe(200);
  });

  it('shares rate limits: sign-in attempts spread over the three processes run out together, and nginx’s address cannot be forged', async () => {
    const attempt = async (url: string, headers: Record<string, string> = {}) => {
      const answer = await graphqlAt<unknown>(url, SIGN_IN, { input: { username: `nobody-${unique()}`, password: 'not the password 1' } }, headers);
      return answer.errors?.[0]?.extensions?.code ?? (answer.data ? 'ANSWERED' : `HTTP ${answer.status}`);
    };
    // signIn allows 10 per 15 minutes per address (the first test used one). Counted per process,
    // three processes would answer 30.
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) answers.push(await attempt(processes[i % 3]));
    const firstRefusal = answers.indexOf('TOO_MANY_REQUESTS');
    expect(firstRefusal).toBeGreaterThanOrEqual(3);
    expect(firstRefusal).toBeLessThanOrEqual(10);
    expect(answers).toEqual([...Array(firstRefusal).fill('ANSWERED'), ...Array(12 - firstRefusal).fill('TOO_MANY_REQUESTS')]);

    for (const url of processes) expect(await attempt(url)).toBe('TOO_MANY_REQUESTS');
    expect(await attempt(balancer!.url)).toBe('TOO_MANY_REQUESTS');
    // A reader cannot buy a fresh budget by claiming another address: nginx appends the real one,
    // and TRUST_PROXY=1 believes only that last hop.
    expect(await attempt(balancer!.url, { 'x-forwarded-for': '203.0.113.9' })).toBe('TOO_MANY_REQUESTS');
    // Another reader (another address reaching nginx) still has their own budget: the processes
    // key on the address nginx reports, not on nginx's own, which every reader would share.
    const elsewhere = await graphqlFrom<{ signIn: unknown }>('127.0.0.2', balancer!.url, SIGN_IN, { input: { username: `nobody-${unique()}`, password: 'not the password 1' } });
    expect(elsewhere).toMatchObject({ status: 200, data: { signIn: { user: null, errors: [{ code: 'WRONG_SIGN_IN' }] } } });

    // And the sign-in page, through nginx, says so.
    const form = await fetch(`${balancer!.url}/sign-in`);
    const csrfCookie = form.headers.getSetCookie().find((cookie) => cookie.startsWith('commonplace_csrf='))!.split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const signInPage = await fetch(`${balancer!.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: balancer!.url, cookie: csrfCookie },
      body: new URLSearchParams({ _csrf: token, username: `nobody-${unique()}`, password: 'not the password 1' }),
      redirect: 'manual',
    });
    expect(await signInPage.text()).toMatch(/Too many attempts\. Try again in \d+ minutes?\./);
  });
});
