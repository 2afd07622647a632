import { query } from '../load-context';
import type { Route } from './+types/account-data-json';
import { graphql } from '../graphql';

const PERSONAL_DATA = graphql(`
  query PersonalData { viewer { username } viewerPersonalData }
`);

/**
 * /account/data.json: the signed-in person's data as a file to save (a plain link, so it works
 * without scripts; never cached: it is theirs alone). Signed out, the query's refusal sends them to sign in.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { viewer, viewerPersonalData } = await query(context, PERSONAL_DATA, {}, { cacheable: false, request });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(viewerPersonalData, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="commonplace-${viewer?.username ?? 'data'}-${day}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
