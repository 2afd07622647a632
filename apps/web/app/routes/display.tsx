import { COLOUR_SCHEME_COOKIE, COLOUR_SCHEME_COOKIE_MAX_AGE_S, type ColourScheme } from '@commonplace/load-context';
import { Form, redirect, useSearchParams } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, formToken, keep, problem, readForm, safeReturnTo } from '../forms.server';
import { query } from '../load-context';
import { useRootData } from '../viewer';
import type { Route } from './+types/display';
import { graphql } from '../graphql';

const SIGNED_IN = graphql(`query DisplayViewer { viewer { id } }`);
const SET_COLOUR_SCHEME = graphql(`
  mutation SetColourScheme($scheme: ColourScheme!) {
    setColourScheme(scheme: $scheme) { colourScheme errors { field message code } }
  }
`);

type SchemeEnum = ReturnType<typeof graphql.scalar<'ColourScheme'>>;
const SCHEMES: { value: ColourScheme; api: SchemeEnum; label: string; hint: string }[] = [
  { value: 'system', api: 'System', label: 'The same as my device', hint: 'Light or dark, as your computer or phone is set' },
  { value: 'light', api: 'Light', label: 'Light', hint: 'Dark text on a white background' },
  { value: 'dark', api: 'Dark', label: 'Dark', hint: 'Light text on a near-black background' },
];
const FIELDS = { colourScheme: 'colourScheme-system' };

/** The form token: this page carries it, so it is never shared (FinishedPages). */
export const loader = formToken;

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = keep(form, ['colourScheme', 'returnTo']);
  const chosen = SCHEMES.find((scheme) => scheme.value === field(form, 'colourScheme'));
  if (!chosen) return problem([{ field: 'colourScheme', message: 'Choose light, dark or the same as your device' }], values);
  // Signed in, the account keeps it for every browser they sign in with; signed out, only the cookie.
  const { viewer } = await query(context, SIGNED_IN, {}, { cacheable: false });
  if (viewer) {
    const { errors } = await formMutation(context, request, SET_COLOUR_SCHEME, { scheme: chosen.api });
    if (errors.length > 0) return problem(errors, values);
  }
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  const cookie = `${COLOUR_SCHEME_COOKIE}=${chosen.value}; Path=/; Max-Age=${COLOUR_SCHEME_COOKIE_MAX_AGE_S}; SameSite=Lax${secure}`;
  const back = safeReturnTo(values.returnTo, '');
  return redirect(`/display?saved=1${back ? `&returnTo=${encodeURIComponent(back)}` : ''}`, { status: 303, headers: { 'Set-Cookie': cookie } });
}

export default function DisplaySettings({ actionData }: Route.ComponentProps) {
  const root = useRootData();
  const [searchParams] = useSearchParams();
  const answer = actionData;
  const errors = answer?.errors;
  const error = errorFor(errors, 'colourScheme', 'colourScheme');
  const chosen = answer ? answer.values.colourScheme : (root?.colourScheme ?? 'system');
  const returnTo = answer ? answer.values.returnTo : (searchParams.get('returnTo') ?? '');
  const back = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '';
  const saved = !answer && searchParams.get('saved') === '1';
  return (
    <>
      <title>{formTitle('Display settings', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      {saved ? (
        <NotificationBanner id="display-saved" title="Success" success>
          <p className="notification-banner__heading">Your display settings have been saved.</p>
          {back ? (
            <p>
              <a href={back}>Go back to the page you were reading</a>
            </p>
          ) : null}
        </NotificationBanner>
      ) : null}
      <h1>Display settings</h1>
      <Form method="post" action="/display" noValidate key={answer?.submission} className="form">
        <CsrfField />
        {back ? <input type="hidden" name="returnTo" value={back} /> : null}
        <Radios
          name="colourScheme"
          legend="Colours"
          hint={`${root?.viewer ? 'Kept with your account, for every browser you sign in with.' : 'Kept in this browser. Sign in to keep it with your account.'} Both have enhanced contrast. Pages are always printed light.`}
          options={SCHEMES}
          checked={chosen}
          error={error}
        />
        <button type="submit" className="button">
          Save display settings
        </button>
      </Form>
    </>
  );
}
