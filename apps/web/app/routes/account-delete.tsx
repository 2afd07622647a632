import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, problem, readForm } from '../forms.server';
import { query, signInPath } from '../load-context';
import type { Route } from './+types/account-delete';
import { graphql } from '../graphql';

const VIEWER = graphql(`
  query DeleteViewer { viewer { username } }
`);

const DELETE_ACCOUNT = graphql(`
  mutation DeleteAccount($input: DeleteAccountInput!) {
    deleteAccount(input: $input) { deleted errors { field message code } }
  }
`);

const FIELDS = { password: 'password' };

export async function loader({ request, context }: Route.LoaderArgs) {
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  return { username: viewer.username };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const { errors } = await formMutation(context, request, DELETE_ACCOUNT, { input: { password: field(form, 'password') } });
  if (errors.length > 0) return problem(errors, {});
  // Signed out by the mutation; the next page says what happened.
  return redirect('/account/deleted', 303);
}

export default function DeleteAccount({ loaderData, actionData }: Route.ComponentProps) {
  const errors = actionData?.errors;
  return (
    <>
      <title>{formTitle('Delete your account', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={actionData?.submission} />
      <h1>Delete your account</h1>
      <div className="inset-text" id="delete-warning">
        <p>
          <strong>This cannot be undone.</strong>
        </p>
        <ul>
          <li>You will be signed out everywhere and cannot sign in again.</li>
          <li>Your email address, password, settings, watches and notifications are removed.</li>
          <li>
            The pages, threads, replies and stars you wrote stay, shown as written by “a former participant”. Your name is no longer shown anywhere, and your
            profile page is gone.
          </li>
          <li>Your username becomes free: someone else may register it.</li>
        </ul>
      </div>
      <p>
        You may want to <a href="/account/data.json">download your data</a> first.
      </p>
      <Form method="post" action="/account/delete" noValidate key={actionData?.submission} className="form">
        <CsrfField />
        <input type="text" name="username" autoComplete="username" value={loaderData.username} readOnly hidden />
        <TextInput
          id="password"
          name="password"
          label="Your password"
          hint="To confirm it is you"
          type="password"
          autoComplete="current-password"
          error={errorFor(errors, 'password', 'password')}
        />
        <button type="submit" className="button button--warning">
          Delete my account
        </button>
      </Form>
      <p>
        <a href="/account/data">Keep my account</a>
      </p>
    </>
  );
}
