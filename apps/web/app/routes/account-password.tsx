import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, problem, readForm } from '../forms.server';
import { query, signInPath } from '../load-context';
import type { Route } from './+types/account-password';
import { graphql } from '../graphql';

const VIEWER = graphql(`
  query PasswordViewer { viewer { username } }
`);

const CHANGE_PASSWORD = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) { user { username } errors { field message code } }
  }
`);

const FIELDS = { currentPassword: 'currentPassword', newPassword: 'newPassword' };

export async function loader({ request, context }: Route.LoaderArgs) {
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  return { username: viewer.username, changed: new URL(request.url).searchParams.get('changed') === '1' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const { errors } = await formMutation(context, request, CHANGE_PASSWORD, {
    input: { currentPassword: field(form, 'currentPassword'), newPassword: field(form, 'newPassword') },
  });
  if (errors.length > 0) return problem(errors, {});
  // Post/redirect/get: reloading the confirmation does not send the form again.
  return redirect('/account/password?changed=1', 303);
}

export default function ChangePassword({ loaderData, actionData }: Route.ComponentProps) {
  const { username, changed } = loaderData;
  const answer = actionData;
  const errors = answer?.errors;
  return (
    <>
      <title>{formTitle('Change your password', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      {changed && !answer ? (
        <NotificationBanner id="password-changed" title="Success" success>
          <p className="notification-banner__heading">Your password has been changed.</p>
          <p>Use your new password next time you sign in.</p>
        </NotificationBanner>
      ) : null}
      <h1>Change your password</h1>
      <Form method="post" action="/account/password" noValidate key={answer?.submission} className="form">
        <CsrfField />
        {/* For password managers: whose password this is. Not shown, not announced, not used by the action. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <TextInput
          id="currentPassword"
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errorFor(errors, 'currentPassword', 'currentPassword')}
        />
        <TextInput
          id="newPassword"
          name="newPassword"
          label="New password"
          hint="At least 10 characters, and not one that is easy to guess. Three random words make a good one."
          type="password"
          autoComplete="new-password"
          error={errorFor(errors, 'newPassword')}
        />
        <button type="submit" className="button">
          Change password
        </button>
      </Form>
      <p>
        <a href="/account/email">Your email address</a>
      </p>
      <p>
        <a href="/account/data">Your data: download it, or delete your account</a>
      </p>
    </>
  );
}
