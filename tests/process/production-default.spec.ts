import { dropDatabase, freePort, freshDatabase, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

/*
 * `npm start` runs the built server, and the built server is production unless NODE_ENV says
 * otherwise: no GraphQL introspection and no stack traces in error answers for a stranger to read.
 */
describe('the built server without NODE_ENV', () => {
  let server: ServerProcess;
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const adminUrl = process.env.DATABASE_URL;
    const database = adminUrl ? { DATABASE_URL: await freshDatabase(adminUrl) } : { DATABASE_URL: undefined, DATA_DIR: tempDataDir() };
    // Jest sets NODE_ENV=test for itself; the server must see none, as under `npm start`.
    server = startServer({ PORT: String(port), NODE_ENV: undefined, ...database });
    await waitUntilReady(server, baseUrl);
  }, 90_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    await dropDatabase();
  });

  const post = async (query: string) => {
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };

  it('refuses introspection', async () => {
    const answer = await post('{ __schema { queryType { name } } }');
    expect(answer.errors?.[0].message).toMatch(/introspection is not allowed/i);
  });

  it('sends errors without stack traces', async () => {
    const answer = await post('{ noSuchField }');
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer.errors)).not.toMatch(/stacktrace|\bat .*\.js:\d+/i);
  });
});
