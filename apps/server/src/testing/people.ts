import { UserRole } from '../accounts/user.entity';
import { makePerson, type MadePerson } from './factories';
import type { TestApp } from './test-app';

export type Persona = 'anonymous' | 'participant' | 'suspended' | 'moderator' | 'admin';
export const PERSONAS: Persona[] = ['anonymous', 'participant', 'suspended', 'moderator', 'admin'];

/** A person of the given kind with a live session; returns the Cookie header to act as them. */
export async function signedIn(t: TestApp, persona: Exclude<Persona, 'anonymous'>, username = `${persona}-${Math.random().toString(36).slice(2, 8)}`): Promise<MadePerson> {
  const role = persona === 'moderator' ? UserRole.Moderator : persona === 'admin' ? UserRole.Admin : UserRole.Participant;
  return makePerson(t, { username, role, suspendedReason: persona === 'suspended' ? 'Testing suspension' : undefined });
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
  setCookie: string[];
}

/** POSTs to /graphql as a browser on this site would (JSON, same origin). */
export async function postGraphql<T = Record<string, unknown>>(t: Pick<TestApp, 'baseUrl'>, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.baseUrl, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = text.startsWith('{') ? (JSON.parse(text) as { data?: T; errors?: GraphqlResponse['errors'] }) : {};
  return { status: response.status, ...body, setCookie: response.headers.getSetCookie() };
}
