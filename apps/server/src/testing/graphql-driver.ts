import { postGraphql, type GraphqlResponse } from './people';

/** Someone with a session: a person from the factories or `signedIn`. */
export interface Actor {
  cookie: string;
}

/**
 * The one way specs talk GraphQL to the test server: `driver.as(person).query(document, variables)`.
 * Every request goes as the site's own pages would send it (JSON, same origin, so the CSRF check
 * passes), with the person's session cookie, or none for `driver.as(null)` / `driver.anonymous`.
 * Specs about the HTTP edge itself (other origins, GET, missing headers) use fetch directly.
 */
export class GraphqlDriver {
  constructor(private readonly baseUrl: string) {}

  /** `forwarded` are the headers a proxy in front would add (X-Forwarded-For), for the per-address limits. */
  as(person: Actor | null | undefined, forwarded: Record<string, string> = {}): GraphqlSession {
    return new GraphqlSession(this.baseUrl, person ? { ...forwarded, cookie: person.cookie } : forwarded);
  }

  get anonymous(): GraphqlSession {
    return this.as(null);
  }
}

export class GraphqlSession {
  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** The whole answer: HTTP status, data, errors (with their extensions) and any Set-Cookie. */
  query<T = Record<string, unknown>>(document: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
    return postGraphql<T>({ baseUrl: this.baseUrl }, document, variables, this.headers);
  }

  /**
   * A request with files, as the GraphQL multipart request spec sends them: `files` maps a variable
   * path (`i.file`, `i.files.0.file`) to the file sent there.
   */
  async upload<T = Record<string, unknown>>(document: string, variables: Record<string, unknown>, files: Record<string, File>): Promise<GraphqlResponse<T>> {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: document, variables }));
    const paths = Object.keys(files);
    form.set('map', JSON.stringify(Object.fromEntries(paths.map((path, index) => [String(index), [`variables.${path}`]]))));
    paths.forEach((path, index) => form.set(String(index), files[path]));
    // A multipart body is a "simple" request: Apollo's CSRF prevention asks for this header, which a
    // form on another site cannot send.
    const response = await fetch(`${this.baseUrl}/graphql`, { method: 'POST', headers: { origin: this.baseUrl, 'apollo-require-preflight': 'true', ...this.headers }, body: form });
    const text = await response.text();
    const body = text.startsWith('{') ? (JSON.parse(text) as { data?: T; errors?: GraphqlResponse['errors'] }) : {};
    return { status: response.status, ...body, setCookie: response.headers.getSetCookie() };
  }

  /** Just the data, for a request that must answer: with no data at all, fails saying what the errors were. */
  async data<T = Record<string, unknown>>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.query<T>(document, variables);
    if (response.data == null) throw new Error(`No data (HTTP ${response.status}): ${JSON.stringify(response.errors)}`);
    return response.data;
  }
}
