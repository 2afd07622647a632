import { data, redirect } from 'react-router';
import { field, readForm, safeReturnTo } from '../forms.server';
import { mutate, TooManyRequests } from '../load-context';
import { tooManyAttemptsMessage } from '../forms';
import type { Route } from './+types/watch';
import { graphql, type ResultOf } from '../graphql';

const WATCH = graphql(`mutation Watch($input: WatchInput!) { watch(input: $input) { watching errors { field message code } } }`);
const UNWATCH = graphql(`mutation Unwatch($input: WatchInput!) { unwatch(input: $input) { watching errors { field message code } } }`);

type Payload = ResultOf<typeof WATCH>['watch'];

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
  let payload: Payload;
  try {
    payload = watch ? (await mutate(context, WATCH, { input }, { request })).watch : (await mutate(context, UNWATCH, { input }, { request })).unwatch;
  } catch (error) {
    if (error instanceof TooManyRequests) {
      if (enhanced) return data({ watching: !watch, error: tooManyAttemptsMessage(error.retryAfterSeconds) }, { status: 429 });
      throw data('Too many requests', { status: 429 });
    }
    throw error;
  }
  if (payload.errors.length > 0) {
    if (enhanced) return data({ watching: payload.watching, error: payload.errors[0].message }, { status: 400 });
    throw data(payload.errors[0].message, { status: 404 });
  }
  if (enhanced) return { watching: payload.watching };
  return redirect(returnTo, 303);
}
