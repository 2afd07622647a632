import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { TextInput } from '../components/TextInput';
import { requireAdmin } from '../admin-users.server';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, keep, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import { useFormAnswer } from '../use-form-answer';
import type { Route } from './+types/admin-site';
import { graphql } from '../graphql';

const SETTINGS = graphql(`
  query SiteSettingsPage { siteSettings { name private } }
`);

const UPDATE = graphql(`
  mutation UpdateSiteSettings($input: UpdateSiteSettingsInput!) {
    updateSiteSettings(input: $input) { settings { name private } errors { field message code } }
  }
`);

const FIELDS = { name: 'name', private: 'private-public' };

export const VISIBILITY = [
  { value: 'public', label: 'Public', hint: 'Anyone can read it; anyone can create an account.' },
  {
    value: 'private',
    label: 'Private',
    hint: 'Reading needs an account, and accounts come only by invitation. Feeds, exports and the API need someone signed in too.',
  },
] as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  const { siteSettings } = await query(context, SETTINGS, {}, { cacheable: false, request });
  return { csrfToken: context.csrfToken, settings: siteSettings, saved: new URL(request.url).searchParams.get('saved') === '1' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  await requireAdmin(request, context);
  const values = keep(form, ['name', 'private']);
  if (values.private !== 'public' && values.private !== 'private') return problem([{ field: 'private', message: 'Choose whether the site is public or private' }], values);
  const answer = await formMutation(context, request, UPDATE, { input: { name: field(form, 'name'), private: values.private === 'private' } });
  if (!answer.ok) return problem(answer.errors, values);
  return redirect('/admin/site?saved=1', 303);
}

export default function SiteSettingsPage({ loaderData }: Route.ComponentProps) {
  const { settings, saved } = loaderData;
  const { answer, errors, values } = useFormAnswer();
  return (
    <>
      <title>{formTitle('Site settings', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      {saved && !answer ? (
        <NotificationBanner id="site-saved" title="Success" success>
          <p className="notification-banner__heading">The site settings are saved. The site is now {settings.private ? 'private' : 'public'}.</p>
        </NotificationBanner>
      ) : null}
      <h1>Site settings</h1>
      <Form method="post" action="/admin/site" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <TextInput id="name" name="name" label="Site name" hint="Shown at the top of every page. At most 60 characters." defaultValue={values.name ?? settings.name} error={errorFor(errors, 'name', 'name')} width="full" />
        <Radios
          name="private"
          legend="Who can read the site?"
          hint="Changes take effect at once, for everyone."
          checked={values.private ?? (settings.private ? 'private' : 'public')}
          error={errorFor(errors, 'private')}
          options={VISIBILITY}
        />
        <button type="submit" className="button">
          Save settings
        </button>
      </Form>
    </>
  );
}
