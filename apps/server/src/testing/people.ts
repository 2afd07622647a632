import { SessionsService } from '../accounts/sessions.service';
import { UserRole } from '../accounts/user.entity';
import { SESSION_COOKIE } from '../http/cookies';
import type { TestApp } from './test-app';

export type Persona = 'anonymous' | 'participant' | 'suspended' | 'moderator' | 'admin';
export const PERSONAS: Persona[] = ['anonymous', 'participant', 'suspended', 'moderator', 'admin'];

/** A person of the given kind with a live session; returns the Cookie header to act as them. */
export async function signedIn(t: TestApp, persona: Exclude<Persona, 'anonymous'>, username = `${persona}-${Math.random().toString(36).slice(2, 8)}`): Promise<{ cookie: string; username: string; id: number }> {
  const role = persona === 'moderator' ? UserRole.Moderator : persona === 'admin' ? UserRole.Admin : UserRole.Participant;
  const [row]: { id: number }[] = await t.dataSource.query(
    `INSERT INTO users (username, display_name, role, suspended_at, suspended_reason) VALUES ($1, $1, $2, $3, $4) RETURNING id`,
    [username, role, persona === 'suspended' ? new Date() : null, persona === 'suspended' ? 'Testing suspension' : null],
  );
  const token = await t.app.get(SessionsService).start(row.id);
  return { cookie: `${SESSION_COOKIE}=${token}`, username, id: row.id };
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
  setCookie: string[];
}

/** POSTs to /graphql as a browser on this site would (JSON, same origin). */
export async function postGraphql<T = Record<string, unknown>>(t: TestApp, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.baseUrl, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = text.startsWith('{') ? (JSON.parse(text) as { data?: T; errors?: GraphqlResponse['errors'] }) : {};
  return { status: response.status, ...body, setCookie: response.headers.getSetCookie() };
}
