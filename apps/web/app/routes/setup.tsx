import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { TextInput } from '../components/TextInput';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, keep, problem, readForm } from '../forms.server';
import { notFound, query } from '../load-context';
import { useFormAnswer } from '../use-form-answer';
import type { Route } from './+types/setup';
import { graphql } from '../graphql';
import { VISIBILITY } from './admin-site';

const SETUP_LINK = graphql(`
  query SetupLink($token: String!) { setupLinkValid(token: $token) }
`);

const SET_UP = graphql(`
  mutation SetUpSite($input: SetUpSiteInput!) {
    setUpSite(input: $input) { user { username } errors { field message code } }
  }
`);

const FIELDS = { siteName: 'siteName', private: 'private-public', username: 'username', password: 'password', email: 'email' };

/** The first-run page: only at the address the server logged, and only while there is no administrator (else a 404). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const { setupLinkValid } = await query(context, SETUP_LINK, { token }, { cacheable: false, request });
  if (!setupLinkValid) notFound();
  return { csrfToken: context.csrfToken, token };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = keep(form, ['siteName', 'private', 'username', 'email']);
  if (values.private !== 'public' && values.private !== 'private') return problem([{ field: 'private', message: 'Choose whether the site is public or private' }], values);
  const email = field(form, 'email').trim();
  const answer = await formMutation(context, request, SET_UP, {
    input: {
      token: field(form, 'token'),
      siteName: field(form, 'siteName'),
      private: values.private === 'private',
      username: field(form, 'username'),
      password: field(form, 'password'),
      email: email === '' ? null : email,
    },
  });
  // Set up meanwhile (by someone else, or in another tab): this address is gone.
  if (!answer.ok && answer.errors.some((error) => error.field === 'token')) notFound();
  if (!answer.ok) return problem(answer.errors, values);
  // Signed in as the new administrator: on to inviting people.
  return redirect('/admin/invitations', 303);
}

export default function SetUp({ loaderData }: Route.ComponentProps) {
  const { token } = loaderData;
  const { answer, errors, values } = useFormAnswer();
  return (
    <>
      <title>{formTitle('Set up this site', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      <h1>Set up this site</h1>
      <p>Name the site, choose who can read it, and create the first administrator’s account. This address works until an administrator exists.</p>
      <Form method="post" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <input type="hidden" name="token" value={token} />
        <TextInput id="siteName" name="siteName" label="Site name" hint="Shown at the top of every page. At most 60 characters." defaultValue={values.siteName ?? 'Commonplace'} error={errorFor(errors, 'siteName', 'siteName')} width="full" />
        <Radios name="private" legend="Who can read the site?" hint="You can change this later in the site settings." checked={values.private ?? 'public'} error={errorFor(errors, 'private')} options={VISIBILITY} />
        <h2>The first administrator</h2>
        <TextInput
          id="username"
          name="username"
          label="Username"
          hint="3 to 30 characters: letters a to z, numbers, full stops, hyphens and underscores."
          autoComplete="username"
          spellCheck={false}
          defaultValue={values.username}
          error={errorFor(errors, 'username')}
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
        <TextInput
          id="email"
          name="email"
          label="Email address (optional)"
          hint="For notifications and password reset links, once you confirm it by the link we send to it."
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={values.email}
          error={errorFor(errors, 'email')}
          width="full"
        />
        <button type="submit" className="button">
          Set up the site
        </button>
      </Form>
    </>
  );
}
