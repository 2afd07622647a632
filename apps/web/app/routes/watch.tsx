import { data, redirect } from 'react-router';
import { field, formMutation, readForm, safeReturnTo } from '../forms.server';
import { tooManyRequestsPage } from '../load-context';
import type { Route } from './+types/watch';
import { graphql } from '../graphql';

const WATCH = graphql(`mutation Watch($input: WatchInput!) { watch(input: $input) { watching errors { field message code } } }`);
const UNWATCH = graphql(`mutation Unwatch($input: WatchInput!) { unwatch(input: $input) { watching errors { field message code } } }`);

/** GET /watch has nothing to show. */
export function loader() {
  return redirect('/', 303);
}

/**
 * The Watch / Stop watching buttons post here: a thread (`threadId`), a page (`pageSlug`) or an area
 * (`areaId`), and `watch=yes|no`. Without JavaScript it redirects back to `returnTo` (a local path
 * only); sent by a fetcher (`enhanced=1`) it answers the new state instead.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const number = (name: string) => {
    const value = field(form, name);
    return /^[1-9][0-9]{0,9}$/.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : null;
  };
  const input = { threadId: number('threadId'), pageSlug: field(form, 'pageSlug') || null, areaId: number('areaId') };
  const watch = field(form, 'watch') === 'yes';
  const enhanced = field(form, 'enhanced') === '1';
  const returnTo = safeReturnTo(field(form, 'returnTo'), '/notifications');
  const done = await formMutation(context, request, watch ? WATCH : UNWATCH, { input });
  if (!done.ok) {
    // A rate limit: the button says so when it can; a plain form gets the "Too many requests" page.
    if (!done.payload) {
      if (enhanced) return data({ watching: !watch, error: done.errors[0].message }, { status: 429 });
      throw tooManyRequestsPage(done.retryAfterSeconds ?? 60);
    }
    if (enhanced) return data({ watching: done.payload.watching, error: done.errors[0].message }, { status: 400 });
    throw data(done.errors[0].message, { status: 404 });
  }
  if (enhanced) return { watching: done.payload.watching };
  return redirect(returnTo, 303);
}
