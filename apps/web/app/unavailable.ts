import { data } from 'react-router';

/**
 * The server cannot reach its database (GraphQL `SERVICE_UNAVAILABLE`): a 503 page saying to try
 * again shortly. When it answers a form, the page gives back what the person typed, in a form that
 * sends it again, so a restart of the database never costs anyone their words.
 */

/** How long browsers are asked to wait (the server says the same on /graphql). */
export const RETRY_AFTER_SECONDS = 5;

/** What the 503 page is given: the posted fields to send again (passwords by name only: never echoed). */
export interface Unavailable {
  reason: 'unavailable';
  sent?: { fields: [string, string][]; passwords: string[] };
}

/** The form each action read (forms.server.ts readForm), so a 503 can give its text back. */
const sentForms = new WeakMap<Request, FormData>();

export function rememberForm(request: Request, form: FormData): void {
  sentForms.set(request, form);
}

export function unavailable(request?: Request) {
  const form = request ? sentForms.get(request) : undefined;
  let sent: Unavailable['sent'];
  if (form) {
    sent = { fields: [], passwords: [] };
    for (const [name, value] of form.entries()) {
      if (typeof value !== 'string') continue;
      if (/password/i.test(name)) sent.passwords.push(name);
      else sent.fields.push([name, value]);
    }
  }
  return data({ reason: 'unavailable', sent } satisfies Unavailable, { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
}
