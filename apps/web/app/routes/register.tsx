import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { profilePath } from '../components/UserLink';
import { errorFor, formTitle, summaryItems } from '../forms';
import { useFormAnswer } from '../use-form-answer';
import { query } from '../load-context';
import { field, formMutation, formToken, keep, problem, readForm, safeReturnTo } from '../forms.server';
import type { Route } from './+types/register';
import { graphql } from '../graphql';

const REGISTER = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) { user { username displayName } errors { field message code } }
  }
`);

const FIELDS = { username: 'username', displayName: 'displayName', email: 'email', password: 'password' };

const REGISTER_PAGE = graphql(`
  query RegisterPage { siteSettings { private } }
`);

const INVITATION = graphql(`
  query Invitation($token: String!) { invitationLink(token: $token) { status email role } }
`);

/**
 * The form token (this page is never shared, so it can carry it), whether the site is private, and
 * what an invitation link (`?invitation=`) is good for.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get('invitation') ?? '';
  const { siteSettings } = await query(context, REGISTER_PAGE, {}, { cacheable: false, request });
  const invitation = token ? (await query(context, INVITATION, { token }, { cacheable: false, request })).invitationLink : null;
  return { ...formToken({ context }), sitePrivate: siteSettings.private, token, invitation };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = keep(form, ['username', 'displayName', 'email', 'returnTo', 'invitation']);
  const email = field(form, 'email').trim();
  const invitationToken = field(form, 'invitation');
  const registered = await formMutation(context, request, REGISTER, {
    input: {
      username: field(form, 'username'),
      displayName: field(form, 'displayName'),
      password: field(form, 'password'),
      email: email === '' || invitationToken ? null : email,
      invitationToken: invitationToken || null,
    },
  });
  const user = registered.ok ? registered.payload.user : null;
  // A problem with the invitation (used meanwhile, say) is the whole form's: shown above its first field.
  const errors = registered.errors.map((error) => (error.field === 'invitation' ? { ...error, field: null } : error));
  if (!user) return problem(errors.length > 0 ? errors : [{ field: null, message: 'Your account could not be created. Try again.' }], values);
  // The server has signed the new person in.
  return redirect(safeReturnTo(values.returnTo, profilePath(user.username)), 303);
}

const INVITATION_PROBLEMS: Record<string, string> = {
  Invalid: 'This invitation link is not right: it may have been cut short or changed. Ask the person who invited you for a new one.',
  Expired: 'This invitation has expired: invitations work for 7 days. Ask the person who invited you for a new one.',
  Used: 'This invitation has already been used to create an account. Sign in with that account, or ask for a new invitation.',
};

export default function Register({ loaderData }: Route.ComponentProps) {
  const { sitePrivate, token, invitation } = loaderData;
  const { answer, errors, values, returnTo } = useFormAnswer();
  if (invitation && invitation.status !== 'Valid') {
    return (
      <>
        <title>{formTitle('This invitation cannot be used', false)}</title>
        <h1>This invitation cannot be used</h1>
        <p>{INVITATION_PROBLEMS[invitation.status]}</p>
        <p>
          Already have an account? <a href="/sign-in">Sign in</a>.
        </p>
      </>
    );
  }
  if (!invitation && sitePrivate) {
    return (
      <>
        <title>{formTitle('Creating an account needs an invitation', false)}</title>
        <h1>Creating an account needs an invitation</h1>
        <p>This site is private. Its administrators invite people by email: the invitation has a link to create your account.</p>
        <p>If you expected one, look in your spam or junk folder, or ask an administrator of this site.</p>
        <p>
          Already have an account? <a href="/sign-in">Sign in</a>.
        </p>
      </>
    );
  }
  return (
    <>
      <title>{formTitle('Create an account', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      <h1>Create an account</h1>
      {invitation ? (
        <p>
          You have been invited{invitation.role && invitation.role !== 'Participant' ? ` as ${invitation.role === 'Admin' ? 'an administrator' : 'a moderator'}` : ''}. Your account will have
          the email address <strong>{invitation.email}</strong>, already confirmed.
        </p>
      ) : (
        <p>With an account you can start threads, reply and edit pages. Reading needs no account.</p>
      )}
      <Form method="post" noValidate key={answer?.submission} className="form">
        <CsrfField />
        {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
        {invitation ? <input type="hidden" name="invitation" value={token} /> : null}
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
        {invitation ? null : (
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
        )}
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
