import type { graphql } from './graphql';

/** What a form action sends back when it could not do what was asked (shared by server and browser). */

/** One problem: `field` is the input's name, or null for the whole form ("wrong username or password"). */
export interface FormError {
  field: string | null;
  message: string;
}

export interface FormProblem {
  ok: false;
  errors: FormError[];
  /** Everything the person typed except passwords, to fill the form in again. */
  values: Record<string, string>;
  /** New for every answer, so the form is drawn afresh: passwords cleared, the rest refilled. */
  submission: string;
}

/** The message for one field; form-wide problems are shown at `firstField`, where the summary links. */
export function errorFor(errors: FormError[] | undefined, field: string, firstField?: string): string | undefined {
  if (!errors) return undefined;
  const own = errors.find((error) => error.field === field);
  if (own) return own.message;
  if (field === firstField) return errors.find((error) => error.field === null || !error.field)?.message;
  return undefined;
}

/**
 * Error summary items, in the order of the form's fields: each links to the field it is about
 * (form-wide problems and fields the form does not show link to the first field).
 */
export function summaryItems(errors: FormError[] | undefined, fieldIds: Record<string, string>): { fieldId: string; message: string }[] {
  if (!errors?.length) return [];
  const order = Object.keys(fieldIds);
  const first = fieldIds[order[0]];
  const rank = (error: FormError) => (error.field && order.includes(error.field) ? order.indexOf(error.field) : -1);
  return [...errors]
    .sort((a, b) => rank(a) - rank(b))
    .map((error) => ({ fieldId: (error.field && fieldIds[error.field]) || first, message: error.message }))
    .filter((item, index, all) => all.findIndex((other) => other.fieldId === item.fieldId && other.message === item.message) === index);
}

/** "Too many attempts. Try again in 3 minutes." */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

/** "Error: Sign in – Commonplace" while a form shows errors. */
export function formTitle(what: string, hasErrors: boolean): string {
  return `${hasErrors ? 'Error: ' : ''}${what} – Commonplace`;
}

export type Role = ReturnType<typeof graphql.scalar<'UserRole'>>;

/** Every role, in the order the forms offer them (a role the schema lacks fails the typecheck). */
export const ROLES = ['Participant', 'Moderator', 'Admin'] as const satisfies readonly Role[];

/** What a role is called in the interface. */
export function roleName(role: Role | string): string {
  return role === 'Admin' ? 'Administrator' : role === 'Moderator' ? 'Moderator' : 'Participant';
}
