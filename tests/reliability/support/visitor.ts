/**
 * Someone using the site over HTTP as a browser with JavaScript off would: cookies kept between
 * requests, forms posted as `application/x-www-form-urlencoded` with their `_csrf` token, redirects
 * not followed (the test reads them). Every request is timed and bounded, so a hang fails a test
 * instead of stalling it.
 */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** How long the whole answer took. */
  ms: number;
}

export class Visitor {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  get(path: string, timeoutMs = 15_000): Promise<Answer> {
    return this.request(path, { method: 'GET' }, timeoutMs);
  }

  /** Posts a form from this site's own pages: same origin, with the form token from the cookie. */
  postForm(path: string, fields: Record<string, string>, timeoutMs = 15_000): Promise<Answer> {
    const body = new URLSearchParams({ _csrf: this.cookies.get('commonplace_csrf') ?? '', ...fields });
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.baseUrl } }, timeoutMs);
  }

  async graphql(query: string, variables: Record<string, unknown> = {}, timeoutMs = 15_000): Promise<Answer & { body: { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
    const answer = await this.request('/graphql', { method: 'POST', body: JSON.stringify({ query, variables }), headers: { 'content-type': 'application/json' } }, timeoutMs);
    return { ...answer, body: JSON.parse(answer.text) };
  }

  /** Runs a mutation answering `{ errors { message } }` among its fields and returns its payload; throws on any problem. */
  async mutate(name: string, query: string, input: Record<string, unknown>): Promise<Record<string, any>> {
    const answer = await this.graphql(query, { input });
    const payload = answer.body.data?.[name];
    if (answer.status !== 200 || answer.body.errors || !payload || payload.errors?.length) throw new Error(`${name} failed: ${answer.status} ${answer.text.slice(0, 500)}`);
    return payload;
  }

  /** Registers a new account and keeps its session. */
  async register(username: string): Promise<void> {
    await this.mutate('register', 'mutation($input: RegisterInput!) { register(input: $input) { errors { message } } }', {
      username,
      displayName: `Reliability ${username}`,
      password: 'a long passphrase for the fault tests',
    });
    if (!this.cookies.has('commonplace_session')) throw new Error('register set no session cookie');
  }

  /** A page to discuss and a thread on it, started by this (signed-in) visitor. */
  async startThread(title: string): Promise<number> {
    const page = await this.mutate('createPage', 'mutation($input: CreatePageInput!) { createPage(input: $input) { page { slug } errors { message } } }', {
      title,
      body: `A page for the fault tests: ${title}.`,
      summary: 'Fault test page',
    });
    const started = await this.mutate('startThread', 'mutation($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { message } } }', {
      pageSlug: page.page.slug,
      subject: `Discussing ${title}`,
      body: 'An opening post for the fault tests.',
    });
    return started.thread.id as number;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private async request(path: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
    const started = performance.now();
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, text, ms: performance.now() - started };
  }
}
