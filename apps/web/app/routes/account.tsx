import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { NotificationBanner } from '../components/NotificationBanner';
import { ErrorSummary } from '../components/ErrorSummary';
import { formTitle, summaryItems, type FormProblem } from '../forms';
import { formMutation, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import type { Route } from './+types/account';
import { graphql } from '../graphql';

const ACCOUNT = graphql(`
  query Account {
    viewer { username displayName email emailConfirmed twoStepEnabled }
    viewerSessions { browser createdAt lastSeenAt current }
  }
`);
const SIGN_OUT_OTHERS = graphql(`
  mutation SignOutEverywhereElse { signOutEverywhereElse { ended errors { field message code } } }
`);

const SCHEME_NAMES: Record<string, string> = { system: 'the same as your device', light: 'light', dark: 'dark' };

export async function loader({ request, context }: Route.LoaderArgs) {
  // Signed out: the query's refusal sends the reader to sign in and back here.
  const { viewer, viewerSessions } = await query(context, ACCOUNT, {}, { cacheable: false, request });
  if (!viewer) throw redirect('/sign-in?returnTo=%2Faccount', 303);
  const ended = new URL(request.url).searchParams.get('ended');
  return { viewer, sessions: viewerSessions, colourScheme: context.colourScheme, ended: ended !== null && /^\d+$/.test(ended) ? Number(ended) : null };
}

export async function action({ request, context }: Route.ActionArgs) {
  await readForm(request, context);
  const done = await formMutation(context, request, SIGN_OUT_OTHERS, {});
  if (!done.ok) return problem(done.errors, {});
  return redirect(`/account?ended=${done.payload.ended}`, 303);
}

export default function AccountPage({ loaderData, actionData }: Route.ComponentProps) {
  const { viewer, sessions, colourScheme, ended } = loaderData;
  const answer = actionData as FormProblem | undefined;
  const errors = answer?.errors;
  const others = sessions.filter((session) => !session.current).length;
  return (
    <>
      <title>{formTitle('Your account', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, {})} focusKey={answer?.submission} />
      {ended !== null && !answer ? (
        <NotificationBanner id="signed-out-elsewhere" title="Success" success>
          <p className="notification-banner__heading">
            {ended === 0 ? 'You were not signed in anywhere else.' : `Signed out of ${ended} other ${ended === 1 ? 'browser' : 'browsers'}.`}
          </p>
        </NotificationBanner>
      ) : null}
      <h1>Your account</h1>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Name</dt>
          <dd>
            {viewer.displayName} (username {viewer.username})
          </dd>
          <dd>
            <a href={`/users/${encodeURIComponent(viewer.username)}`}>
              Your profile<span className="visually-hidden"> page</span>
            </a>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Email address</dt>
          <dd>{viewer.email ? `${viewer.email} (${viewer.emailConfirmed ? 'confirmed' : 'not confirmed yet: follow the link we sent to it'})` : 'None'}</dd>
          <dd>
            <a href="/account/email">
              Change<span className="visually-hidden"> email address</span>
            </a>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Password</dt>
          <dd>Set</dd>
          <dd>
            <a href="/account/password">
              Change<span className="visually-hidden"> password</span>
            </a>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Two-step sign-in</dt>
          <dd>{viewer.twoStepEnabled ? 'On' : 'Off'}</dd>
          <dd>
            <a href="/account/two-step">
              {viewer.twoStepEnabled ? 'Manage' : 'Set up'}
              <span className="visually-hidden"> two-step sign-in</span>
            </a>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Notifications</dt>
          <dd>What you watch, and how often you get email</dd>
          <dd>
            <a href="/account/notifications">
              Change<span className="visually-hidden"> notification settings</span>
            </a>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Display</dt>
          <dd>Colours: {SCHEME_NAMES[colourScheme ?? 'system'] ?? colourScheme}</dd>
          <dd>
            <a href="/display">
              Change<span className="visually-hidden"> display settings</span>
            </a>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Your data</dt>
          <dd>Everything stored about you, as a file to download; or delete your account</dd>
          <dd>
            <a href="/account/data">
              Download<span className="visually-hidden"> your data</span>
            </a>
          </dd>
          <dd>
            <a href="/account/delete">
              Delete<span className="visually-hidden"> your account</span>
            </a>
          </dd>
        </div>
      </dl>
      <h2 id="sessions">Where you are signed in</h2>
      <div className="table-scroll" role="region" aria-labelledby="sessions" tabIndex={0}>
        <table className="table">
          <caption className="visually-hidden">Browsers signed in to your account, the most recently used first</caption>
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session, index) => (
              <tr key={`${session.createdAt}-${index}`}>
                <td>
                  {session.browser}
                  {session.current ? <strong> (this browser)</strong> : null}
                </td>
                <td>
                  <DateTime iso={session.createdAt} />
                </td>
                <td>
                  <DateTime iso={session.lastSeenAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <Form method="post" action="/account" className="form">
          <CsrfField />
          <p>If you see a browser you do not recognise, or you signed in on a shared computer, sign it out. Then change your password.</p>
          <button type="submit" className="button button--secondary">
            Sign out everywhere else
          </button>
        </Form>
      ) : (
        <p>You are not signed in anywhere else.</p>
      )}
    </>
  );
}
