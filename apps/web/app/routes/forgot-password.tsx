import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, keep, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import { useFormAnswer } from '../use-form-answer';
import type { Route } from './+types/forgot-password';
import { graphql } from '../graphql';

const AVAILABLE = graphql(`
  query PasswordResetAvailable { passwordResetByEmail }
`);

const REQUEST_RESET = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) { errors { field message code } }
  }
`);

const FIELDS = { usernameOrEmail: 'usernameOrEmail' };

/** The server's RESET_LINK_MINUTES (apps/server/src/accounts/password-resets.service.ts). */
const LINK_MINUTES = 30;

export async function loader({ request, context }: Route.LoaderArgs) {
  const { passwordResetByEmail } = await query(context, AVAILABLE, {}, { cacheable: false, request });
  return { csrfToken: context.csrfToken, available: passwordResetByEmail, sent: new URL(request.url).searchParams.get('sent') === '1' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = keep(form, ['usernameOrEmail']);
  const { errors } = await formMutation(context, request, REQUEST_RESET, { input: { usernameOrEmail: field(form, 'usernameOrEmail') } });
  if (errors.length > 0) return problem(errors, values);
  // The same answer whether or not an account matched; post/redirect/get so a reload sends nothing.
  return redirect('/forgot-password?sent=1', 303);
}

export default function ForgotPassword({ loaderData }: Route.ComponentProps) {
  const { available, sent } = loaderData;
  const { answer, errors, values } = useFormAnswer();
  if (!available) {
    return (
      <>
        <title>{formTitle('Reset your password', false)}</title>
        <h1>Reset your password</h1>
        <p>Resetting a password by email is not available on this site.</p>
        <p>Ask an administrator of this site to set a new password for you. They can do it on their people page, and you can then change it yourself.</p>
        <p>
          <a href="/sign-in">Back to sign in</a>
        </p>
      </>
    );
  }
  if (sent && !answer) {
    return (
      <>
        <title>{formTitle('Check your email', false)}</title>
        <h1>Check your email</h1>
        <p>If an account matches what you typed, we have sent a link to its email address.</p>
        <p>
          The link works once, for {LINK_MINUTES} minutes. It can take a few minutes to arrive: if it does not, look in your spam or junk folder.
        </p>
        <p>
          <a href="/forgot-password">Ask for another link</a> or <a href="/sign-in">go back to sign in</a>.
        </p>
      </>
    );
  }
  return (
    <>
      <title>{formTitle('Reset your password', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      <h1>Reset your password</h1>
      <p>Enter your username or the email address on your account, and we will email you a link to choose a new password.</p>
      <Form method="post" action="/forgot-password" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <TextInput
          id="usernameOrEmail"
          name="usernameOrEmail"
          label="Username or email address"
          autoComplete="username"
          spellCheck={false}
          defaultValue={values.usernameOrEmail}
          error={errorFor(errors, 'usernameOrEmail', 'usernameOrEmail')}
        />
        <button type="submit" className="button">
          Send me a link
        </button>
      </Form>
      <p>
        <a href="/sign-in">Back to sign in</a>
      </p>
    </>
  );
}
