import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { readForm } from '../forms.server';
import { mutate } from '../load-context';
import { useRootData } from '../viewer';
import type { Route } from './+types/sign-out';
import { graphql } from '../graphql';

const SIGN_OUT = graphql(`
  mutation SignOut { signOut }
`);

/** Signing out only ever happens by POST (the header's button), never by following a link. */
export async function action({ request, context }: Route.ActionArgs) {
  await readForm(request, context);
  await mutate(context, SIGN_OUT, {}, { request });
  return redirect('/', 303);
}

/** Someone who opens /sign-out itself gets the button, not a change. */
export default function SignOut() {
  const viewer = useRootData()?.viewer;
  return (
    <>
      <title>Sign out – Commonplace</title>
      <h1>Sign out</h1>
      {viewer ? (
        <>
          <p>You are signed in as {viewer.displayName}.</p>
          <Form method="post">
            <CsrfField />
            <button type="submit" className="button">
              Sign out
            </button>
          </Form>
        </>
      ) : (
        <p>
          You are not signed in. <a href="/sign-in">Sign in</a> or <a href="/">go to the home page</a>.
        </p>
      )}
    </>
  );
}
