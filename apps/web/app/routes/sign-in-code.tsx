import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { profilePath } from '../components/UserLink';
import { errorFor, formTitle, summaryItems } from '../forms';
import { useFormAnswer } from '../use-form-answer';
import { field, formMutation, formToken, keep, problem, readForm, safeReturnTo } from '../forms.server';
import { query } from '../load-context';
import type { Route } from './+types/sign-in-code';
import { graphql } from '../graphql';

const PENDING = graphql(`
  query SignInCodePending { pendingSignIn }
`);

const COMPLETE = graphql(`
  mutation CompleteSignIn($input: CompleteSignInInput!) {
    completeSignIn(input: $input) { user { username } errors { field message code } }
  }
`);

const FIELDS = { code: 'code' };

/** Two-step sign-in's second step. Without a pending sign-in (expired, or never begun) the page says to sign in again. */
export async function loader({ context }: Route.LoaderArgs) {
  const { pendingSignIn } = await query(context, PENDING, {}, { cacheable: false });
  return { ...formToken({ context }), pending: pendingSignIn };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = keep(form, ['returnTo']);
  const done = await formMutation(context, request, COMPLETE, { input: { code: field(form, 'code') } });
  const user = done.ok ? done.payload.user : null;
  if (!user) return problem(done.errors.length > 0 ? done.errors : [{ field: 'code', message: 'Enter the code from your app' }], values);
  return redirect(safeReturnTo(values.returnTo, profilePath(user.username)), 303);
}

export default function SignInCode({ loaderData }: Route.ComponentProps) {
  const { answer, errors, returnTo } = useFormAnswer();
  const again = returnTo ? `/sign-in?again=1&returnTo=${encodeURIComponent(returnTo)}` : '/sign-in?again=1';
  // Once the pending sign-in has gone (too many codes, expired), the form is no use: say so in its place.
  const expired = !loaderData.pending;
  return (
    <>
      <title>{formTitle('Enter your sign-in code', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      <h1>Enter your sign-in code</h1>
      {expired ? (
        <>
          <p>Your sign-in has expired or was not started. The code must come within 10 minutes of your password.</p>
          <p>
            <a href={again}>Sign in again</a>
          </p>
        </>
      ) : (
        <>
          <p>Your account has two-step sign-in. Open your authenticator app and enter the code it shows for Commonplace.</p>
          <Form method="post" noValidate key={answer?.submission} className="form">
            <CsrfField />
            {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
            <TextInput
              id="code"
              name="code"
              label="Code"
              hint="The 6-digit code from your app, for example 123456. If you cannot use your app, enter one of your recovery codes, for example K7QPM-2XWRT."
              autoComplete="one-time-code"
              spellCheck={false}
              error={errorFor(errors, 'code', 'code')}
            />
            <button type="submit" className="button">
              Continue
            </button>
          </Form>
          <p>
            Lost your phone and your recovery codes? Ask an administrator to reset your two-step sign-in. <a href={again}>Sign in with a different account</a>
          </p>
        </>
      )}
    </>
  );
}
