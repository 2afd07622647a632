import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { profilePath } from '../components/UserLink';
import { errorFor, formTitle, summaryItems } from '../forms';
import { useFormAnswer } from '../use-form-answer';
import { field, formMutation, formToken, keep, problem, readForm, safeReturnTo } from '../forms.server';
import type { Route } from './+types/register';
import { graphql } from '../graphql';

const REGISTER = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) { user { username displayName } errors { field message code } }
  }
`);

const FIELDS = { username: 'username', displayName: 'displayName', email: 'email', password: 'password' };

/** The form token: this page is never shared (FinishedPages), so it can carry it. */
export const loader = formToken;

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = keep(form, ['username', 'displayName', 'email', 'returnTo']);
  const email = field(form, 'email').trim();
  const registered = await formMutation(context, request, REGISTER, {
    input: {
      username: field(form, 'username'),
      displayName: field(form, 'displayName'),
      password: field(form, 'password'),
      email: email === '' ? null : email,
    },
  });
  const user = registered.ok ? registered.payload.user : null;
  if (!user) return problem(registered.errors.length > 0 ? registered.errors : [{ field: null, message: 'Your account could not be created. Try again.' }], values);
  // The server has signed the new person in.
  return redirect(safeReturnTo(values.returnTo, profilePath(user.username)), 303);
}

export default function Register() {
  const { answer, errors, values, returnTo } = useFormAnswer();
  return (
    <>
      <title>{formTitle('Create an account', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      <h1>Create an account</h1>
      <p>With an account you can start threads, reply and edit pages. Reading needs no account.</p>
      <Form method="post" noValidate key={answer?.submission} className="form">
        <CsrfField />
        {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
        <TextInput
          id="username"
          name="username"
          label="Username"
          hint="You sign in with this, and your profile’s address uses it. 3 to 30 characters: letters a to z, numbers, full stops, hyphens and underscores."
          autoComplete="username"
          spellCheck={false}
          defaultValue={values.username}
          error={errorFor(errors, 'username', 'username')}
        />
        <TextInput
          id="displayName"
          name="displayName"
          label="Your name"
          hint="Shown beside everything you write. It can be your full name or the name people know you by."
          autoComplete="name"
          defaultValue={values.displayName}
          error={errorFor(errors, 'displayName')}
          width="full"
        />
        <TextInput
          id="email"
          name="email"
          label="Email address (optional)"
          hint="Only for notifications and password reset links, once you confirm it by the link we send to it. We never show it to anyone."
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={values.email}
          error={errorFor(errors, 'email')}
          width="full"
        />
        <TextInput
          id="password"
          name="password"
          label="Password"
          hint="At least 10 characters. Three random words make a good one, like “kettle orbit meadow”."
          type="password"
          autoComplete="new-password"
          error={errorFor(errors, 'password')}
        />
        <button type="submit" className="button">
          Create account
        </button>
      </Form>
      <p>
        Already have an account? <a href={returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in'}>Sign in</a>.
      </p>
    </>
  );
}
