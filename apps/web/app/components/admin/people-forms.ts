import { useSearchParams } from 'react-router';

/**
 * What the People page's forms (/admin/users) share: the intents they send (one mutation each, in
 * admin-users.server.ts's table) and the ids of each row's fields, which the error summary links to.
 */
export const PEOPLE_INTENTS_SENT = ['changeRole', 'suspend', 'restore', 'setPassword', 'resetTwoStep'] as const;

export type PeopleIntent = (typeof PEOPLE_INTENTS_SENT)[number];

export const isPeopleIntent = (value: string | undefined): value is PeopleIntent => value !== undefined && (PEOPLE_INTENTS_SENT as readonly string[]).includes(value);

/** Ids of a row's controls: the error summary links to them. */
export function rowIds(username: string) {
  return {
    role: `role-${username}`,
    reason: `reason-${username}`,
    restore: `restore-${username}`,
    newPassword: `new-password-${username}`,
    twoStepReason: `two-step-reason-${username}`,
  };
}

/** Which field each error of an intent is shown at, in the row it is about. */
const FIELD_IDS: Record<PeopleIntent, (row: ReturnType<typeof rowIds>) => Record<string, string>> = {
  changeRole: (row) => ({ role: row.role, username: row.role }),
  suspend: (row) => ({ reason: row.reason, username: row.reason }),
  restore: (row) => ({ username: row.restore }),
  setPassword: (row) => ({ newPassword: row.newPassword, username: row.newPassword }),
  resetTwoStep: (row) => ({ reason: row.twoStepReason, username: row.twoStepReason }),
};

export function peopleFieldIds(intent: PeopleIntent, username: string): Record<string, string> {
  return FIELD_IDS[intent](rowIds(username));
}

/** The list's page a cursor names, as the `after` its address carries (absent on the first page). */
export function peoplePath(after: string | null | undefined): string {
  return after ? `/admin/users?after=${encodeURIComponent(after)}` : '/admin/users';
}

/** Where a row's form posts: the page of the list it is on, so the answer comes back to that page. */
export function usePeopleFormAction(): string {
  const [search] = useSearchParams();
  return peoplePath(search.get('after'));
}
