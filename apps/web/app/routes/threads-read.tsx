import { data, redirect } from 'react-router';
import { field, formMutation, readForm, safeReturnTo } from '../forms.server';
import { graphql } from '../graphql';
import { tooManyRequestsPage } from '../load-context';
import type { Route } from './+types/threads-read';

const MARK_THREADS_READ = graphql(`mutation MarkThreadsRead($input: MarkThreadsReadInput!) { markThreadsRead(input: $input) { markedCount errors { field message code } } }`);

/** GET /threads/read has nothing to show. */
export function loader() {
  return redirect('/', 303);
}

/**
 * "Mark all as read" under a thread list (MarkAllRead): the list's threads (`threadIds`, comma
 * separated, at most 100), then back to `returnTo` (a local path only). Sent by a fetcher
 * (`enhanced=1`) it answers how many were marked instead, so focus stays on the button.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const threadIds = field(form, 'threadIds')
    .split(',')
    .slice(0, 100)
    .filter((id) => /^[1-9][0-9]{0,9}$/.test(id) && Number(id) <= 2_147_483_647)
    .map(Number);
  const done = await formMutation(context, request, MARK_THREADS_READ, { input: { threadIds } });
  const enhanced = field(form, 'enhanced') === '1';
  // The button has no field to show a problem at: a rate limit is said by the button, or is the "Too many requests" page.
  if (done.retryAfterSeconds !== null) {
    if (enhanced) return data({ marked: 0, error: done.errors[0].message }, { status: 429 });
    throw tooManyRequestsPage(done.retryAfterSeconds);
  }
  if (enhanced) return { marked: done.payload?.markedCount ?? 0, error: null };
  return redirect(safeReturnTo(field(form, 'returnTo'), '/'), 303);
}
