import { redirect } from 'react-router';
import { query, signInPath } from '../load-context';
import type { Route } from './+types/account-data';
import { graphql } from '../graphql';

const VIEWER = graphql(`
  query DataViewer { viewer { username } }
`);

export async function loader({ request, context }: Route.LoaderArgs) {
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  return { username: viewer.username };
}

/** "Your data": the download (a plain link, so it works without scripts) and the way to delete the account. */
export default function YourData() {
  return (
    <>
      <title>Your data – Commonplace</title>
      <h1>Your data</h1>
      <p>You can download everything Commonplace stores about you and everything you have written here, as one JSON file:</p>
      <ul>
        <li>your account: username, name, email address, role, settings, and whether you are suspended and why</li>
        <li>the wiki page versions you saved, the threads you started and your replies, with their earlier versions</li>
        <li>the recommendations you proposed, the stars you gave and your reasons, your answers to “was this valuable?”</li>
        <li>what you watch, your notifications, the posts you flagged, and when you signed in</li>
      </ul>
      <p>It does not contain your password or the secret codes that keep you signed in.</p>
      <p>
        <a href="/account/data.json" download>
          Download your data (JSON)
        </a>
      </p>
      <h2>Delete your account</h2>
      <p>
        You can ask for your account to be deleted. What you wrote stays, shown as written by “a former participant”.{' '}
        <a href="/account/delete">Delete your account</a>
      </p>
    </>
  );
}
