import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { formTitle } from '../forms';
import { field, formMutation, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import { useFormAnswer } from '../use-form-answer';
import type { Route } from './+types/confirm-email';
import { graphql } from '../graphql';

const LINK = graphql(`
  query EmailConfirmationLink($token: String!) { emailConfirmationLink(token: $token) { status email } }
`);

const CONFIRM = graphql(`
  mutation ConfirmEmail($input: ConfirmEmailInput!) {
    confirmEmail(input: $input) { email errors { field message code } }
  }
`);

/** What each unusable link is told (the server says the same for the same codes). */
const LINK_MESSAGES = {
  Invalid: 'This confirmation link is not right: it may have been cut short or changed, or the address is no longer on the account. Ask for a new link from your email address page.',
  Expired: 'This confirmation link has expired: links work for 24 hours. Ask for a new link from your email address page.',
  Used: 'This confirmation link has already been used.',
} as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get('confirmed') === '1') return { csrfToken: context.csrfToken, confirmed: true as const, token: '', status: 'Valid' as const, email: null };
  const token = url.searchParams.get('token') ?? '';
  const { emailConfirmationLink } = await query(context, LINK, { token }, { cacheable: false, request });
  return { csrfToken: context.csrfToken, confirmed: false as const, token, status: emailConfirmationLink.status, email: emailConfirmationLink.email };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const { errors } = await formMutation(context, request, CONFIRM, { input: { token: field(form, 'token') } });
  if (errors.length > 0) return problem(errors, {});
  return redirect('/confirm-email?confirmed=1', 303);
}

export default function ConfirmEmail({ loaderData }: Route.ComponentProps) {
  const { confirmed, token, status, email } = loaderData;
  const { answer, errors } = useFormAnswer();
  if (confirmed && !answer) {
    return (
      <>
        <title>{formTitle('Email address confirmed', false)}</title>
        <h1>Email address confirmed</h1>
        <p>Thank you. Notification emails you ask for, and password reset links, can now go to this address.</p>
        <p>
          <a href="/account/email">Your email address</a>
        </p>
      </>
    );
  }
  const linkProblem = errors?.[0]?.message ?? (status !== 'Valid' ? LINK_MESSAGES[status] : null);
  if (linkProblem) {
    return (
      <>
        <title>{formTitle('This link cannot be used', false)}</title>
        <h1>This link cannot be used</h1>
        <p role={answer ? 'alert' : undefined}>{linkProblem}</p>
        <p>
          <a href="/account/email">Your email address</a>
        </p>
      </>
    );
  }
  return (
    <>
      <title>{formTitle('Confirm your email address', false)}</title>
      <h1>Confirm your email address</h1>
      <p>
        Confirm that <strong>{email}</strong> is yours, so that Commonplace may send notification emails and password reset links to it.
      </p>
      <Form method="post" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="button">
          Confirm email address
        </button>
      </Form>
    </>
  );
}
