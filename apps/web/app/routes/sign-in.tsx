import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { profilePath } from '../components/UserLink';
import { errorFor, formTitle, summaryItems } from '../forms';
import { useFormAnswer } from '../use-form-answer';
import { field, formMutation, formToken, keep, problem, readForm, safeReturnTo } from '../forms.server';
import type { Route } from './+types/sign-in';
import { graphql } from '../graphql';
import { useRootData } from '../viewer';
import { query } from '../load-context';

const SIGN_IN = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { user { username displayName } twoStepRequired errors { field message code } }
  }
`);

const FIELDS = { username: 'username', password: 'password' };

const PENDING = graphql(`
  query PendingSignIn { pendingSignIn }
`);

/**
 * The form token: this page is never shared (FinishedPages), so it can carry it. A browser half-way
 * through two-step sign-in (after a password reset, say) is sent on to the code, unless it asked to
 * start again.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  if (!url.searchParams.has('again') && (await query(context, PENDING, {}, { cacheable: false })).pendingSignIn) {
    const returnTo = url.searchParams.get('returnTo');
    throw redirect(returnTo ? `/sign-in/code?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in/code', 303);
  }
  return formToken({ context });
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = keep(form, ['username', 'returnTo']);
  const signedIn = await formMutation(context, request, SIGN_IN, {
    input: { username: field(form, 'username'), password: field(form, 'password') },
  });
  if (signedIn.ok && signedIn.payload.twoStepRequired) {
    // The password was right; a pending sign-in cookie is set, but no session until the code comes.
    const returnTo = safeReturnTo(values.returnTo, '');
    return redirect(returnTo ? `/sign-in/code?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in/code', 303);
  }
  const user = signedIn.ok ? signedIn.payload.user : null;
  if (!user) return problem(signedIn.errors.length > 0 ? signedIn.errors : [{ field: null, message: 'Enter a correct username and password' }], values);
  // The server has set the session cookie; 303 so the browser follows with a GET.
  return redirect(safeReturnTo(values.returnTo, profilePath(user.username)), 303);
}

export default function SignIn() {
  const { answer, errors, values, returnTo } = useFormAnswer();
  const root = useRootData();
  // Someone sent here by a private site learns why, rather than meeting a bare form.
  const privateSite = Boolean(root?.sitePrivate && !root.viewer);
  return (
    <>
      <title>{formTitle('Sign in', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      <h1>Sign in</h1>
      {privateSite ? <p className="inset-text">{root?.siteName ?? 'This site'} is private: sign in to read it.</p> : null}
      <Form method="post" noValidate key={answer?.submission} className="form">
        <CsrfField />
        {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
        <TextInput
          id="username"
          name="username"
          label="Username"
          autoComplete="username"
          spellCheck={false}
          defaultValue={values.username}
          error={errorFor(errors, 'username', 'username')}
        />
        <TextInput id="password" name="password" label="Password" type="password" autoComplete="current-password" error={errorFor(errors, 'password')} />
        <button type="submit" className="button">
          Sign in
        </button>
      </Form>
      <p>
        <a href="/forgot-password">Forgot your password?</a>
      </p>
      {privateSite ? (
        <p>No account yet? Accounts here are by invitation: ask an administrator of this site for one.</p>
      ) : (
        <p>
          No account yet? <a href={returnTo ? `/register?returnTo=${encodeURIComponent(returnTo)}` : '/register'}>Create an account</a>.
        </p>
      )}
      <p className="hint">
        Accounts brought over from the 2008 wiki have no password until an administrator sets one. Ask an administrator if you had one
        of those accounts.
      </p>
    </>
  );
}
