import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, keep, problem, readForm } from '../forms.server';
import { query, signInPath } from '../load-context';
import { useFormAnswer } from '../use-form-answer';
import type { Route } from './+types/account-email';
import { graphql } from '../graphql';

const VIEWER = graphql(`
  query EmailViewer { viewer { username email emailConfirmed } passwordResetByEmail }
`);

const CHANGE_EMAIL = graphql(`
  mutation ChangeEmail($input: ChangeEmailInput!) {
    changeEmail(input: $input) { user { username } errors { field message code } }
  }
`);

const FIELDS = { email: 'email', currentPassword: 'currentPassword' };

export async function loader({ request, context }: Route.LoaderArgs) {
  const { viewer, passwordResetByEmail } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  return { username: viewer.username, email: viewer.email, confirmed: viewer.emailConfirmed, mailAvailable: passwordResetByEmail, changed: new URL(request.url).searchParams.get('changed') === '1' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const { errors } = await formMutation(context, request, CHANGE_EMAIL, { input: { email: field(form, 'email'), currentPassword: field(form, 'currentPassword') } });
  if (errors.length > 0) return problem(errors, keep(form, ['email']));
  return redirect('/account/email?changed=1', 303);
}

export default function AccountEmail({ loaderData }: Route.ComponentProps) {
  const { username, email, confirmed, mailAvailable, changed } = loaderData;
  const { answer, errors, values } = useFormAnswer();
  return (
    <>
      <title>{formTitle('Your email address', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      {changed && !answer ? (
        <NotificationBanner id="email-changed" title="Success" success>
          <p className="notification-banner__heading">{email ? `We have sent a confirmation link to ${email}.` : 'Your email address has been removed.'}</p>
          {email ? <p>Follow it within 24 hours. Until then we send nothing else to that address.</p> : null}
        </NotificationBanner>
      ) : null}
      <h1>Your email address</h1>
      {email ? (
        <>
          <p>
            Your email address is <strong>{email}</strong>.
          </p>
          <p id="email-status">{confirmed ? 'Status: confirmed.' : 'Status: not confirmed. Follow the link we sent to it; until then it gets nothing else from us.'}</p>
        </>
      ) : (
        <p>You have not given an email address.</p>
      )}
      {!mailAvailable ? <p>This site does not send email at the moment, so a new address cannot be confirmed until it does.</p> : null}
      <p>We use your address only for notification emails you ask for and for password reset links. We never show it to anyone.</p>
      <h2>Change your email address</h2>
      <Form method="post" action="/account/email" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <TextInput
          id="email"
          name="email"
          label="New email address"
          hint="We will send a link to it to confirm it is yours. Leave it empty to remove your address."
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={values.email}
          error={errorFor(errors, 'email', 'email')}
        />
        <TextInput id="currentPassword" name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={errorFor(errors, 'currentPassword')} />
        <button type="submit" className="button">
          Change email address
        </button>
      </Form>
      <p>
        <a href="/account/data">Your data: download it, or delete your account</a>
      </p>
    </>
  );
}
