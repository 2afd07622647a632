import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import { useFormAnswer } from '../use-form-answer';
import type { Route } from './+types/reset-password';
import { graphql } from '../graphql';

const LINK = graphql(`
  query PasswordResetLink($token: String!) { passwordResetLink(token: $token) { status username } }
`);

const RESET_PASSWORD = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) { user { username } errors { field message code } }
  }
`);

const FIELDS = { newPassword: 'newPassword' };

/** What each unusable link is told (the server's messages say the same for the same codes). */
const LINK_MESSAGES = {
  Invalid: 'This password reset link is not right: it may have been cut short or changed. Ask for a new link.',
  Expired: 'This password reset link has expired: links work for 30 minutes. Ask for a new link.',
  Used: 'This password reset link has already been used. Ask for a new link if you still need one.',
} as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const { passwordResetLink } = await query(context, LINK, { token }, { cacheable: false, request });
  return { csrfToken: context.csrfToken, token, status: passwordResetLink.status, username: passwordResetLink.username };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const { errors } = await formMutation(context, request, RESET_PASSWORD, { input: { token: field(form, 'token'), newPassword: field(form, 'newPassword') } });
  if (errors.length > 0) return problem(errors, {});
  // Signed in now (the server set the cookie); the password page confirms the change.
  return redirect('/account/password?changed=1', 303);
}

export default function ResetPassword({ loaderData }: Route.ComponentProps) {
  const { token, status, username } = loaderData;
  const { answer, errors } = useFormAnswer();
  // The link may have been used or expired between opening the page and sending the form.
  const linkProblem = errors?.find((error) => error.field === 'token')?.message ?? (status !== 'Valid' ? LINK_MESSAGES[status] : null);
  if (linkProblem) {
    return (
      <>
        <title>{formTitle('This link cannot be used', false)}</title>
        <h1>This link cannot be used</h1>
        <p id="link-problem" role={answer ? 'alert' : undefined}>
          {linkProblem}
        </p>
        <p>
          <a href="/forgot-password">Ask for a new link</a> or <a href="/sign-in">go back to sign in</a>.
        </p>
      </>
    );
  }
  return (
    <>
      <title>{formTitle('Choose a new password', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      <h1>Choose a new password</h1>
      <p>Choosing a new password signs you in here and out everywhere else.</p>
      <Form method="post" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <input type="hidden" name="token" value={token} />
        {/* For password managers: whose password this is. Not shown, not announced, not used by the action. */}
        <input type="text" name="username" autoComplete="username" value={username ?? ''} readOnly hidden />
        <TextInput
          id="newPassword"
          name="newPassword"
          label="New password"
          hint="At least 10 characters, and not one that is easy to guess. Three random words make a good one."
          type="password"
          autoComplete="new-password"
          error={errorFor(errors, 'newPassword', 'newPassword')}
        />
        <button type="submit" className="button">
          Set password and sign in
        </button>
      </Form>
    </>
  );
}
