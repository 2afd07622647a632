import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import type { Route } from './+types/account-notifications';
import { graphql } from '../graphql';

const SETTINGS = graphql(`query NotificationSettings { notificationSettings { autoWatch emailFrequency emailAvailable hasEmail pauseLiveUpdates } }`);
const UPDATE = graphql(`
  mutation UpdateNotificationSettings($input: UpdateNotificationSettingsInput!) {
    updateNotificationSettings(input: $input) { settings { autoWatch } errors { field message code } }
  }
`);

type Frequency = ReturnType<typeof graphql.scalar<'EmailFrequency'>>;
const FREQUENCIES: { value: Frequency; label: string; hint: string }[] = [
  { value: 'Immediately', label: 'Immediately', hint: 'Within about a minute of something happening, several events in one email' },
  { value: 'Daily', label: 'Once a day', hint: 'One email a day with everything you have not read yet' },
  { value: 'Never', label: 'Never', hint: 'Only on the notifications page' },
];
const FIELDS = { emailFrequency: 'emailFrequency-Immediately', autoWatch: 'autoWatch' };

export async function loader({ request, context }: Route.LoaderArgs) {
  // Signed out: the query's refusal sends the reader to sign in and back here.
  const { notificationSettings } = await query(context, SETTINGS, {}, { cacheable: false, request });
  return { settings: notificationSettings, saved: new URL(request.url).searchParams.get('saved') === '1' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const emailFrequency = field(form, 'emailFrequency');
  const autoWatch = field(form, 'autoWatch') === 'yes';
  const pauseLiveUpdates = field(form, 'pauseLiveUpdates') === 'yes';
  const values = { emailFrequency, autoWatch: autoWatch ? 'yes' : '', pauseLiveUpdates: pauseLiveUpdates ? 'yes' : '' };
  const chosen = FREQUENCIES.find((frequency) => frequency.value === emailFrequency);
  if (!chosen) {
    return problem([{ field: 'emailFrequency', message: 'Choose how often you want emails about your notifications' }], values);
  }
  const { errors } = await formMutation(context, request, UPDATE, { input: { autoWatch, emailFrequency: chosen.value, pauseLiveUpdates } });
  if (errors.length > 0) return problem(errors, values);
  return redirect('/account/notifications?saved=1', 303);
}

export default function NotificationSettingsPage({ loaderData, actionData }: Route.ComponentProps) {
  const { settings, saved } = loaderData;
  const answer = actionData;
  const errors = answer?.errors;
  const frequencyError = errorFor(errors, 'emailFrequency', 'emailFrequency');
  const chosen = answer ? answer.values.emailFrequency : settings.emailFrequency;
  const autoWatch = answer ? answer.values.autoWatch === 'yes' : settings.autoWatch;
  const pauseLiveUpdates = answer ? answer.values.pauseLiveUpdates === 'yes' : settings.pauseLiveUpdates;
  return (
    <>
      <title>{formTitle('Notification settings', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      {saved && !answer ? (
        <NotificationBanner id="settings-saved" title="Success" success>
          <p className="notification-banner__heading">Your notification settings have been saved.</p>
        </NotificationBanner>
      ) : null}
      <h1>Notification settings</h1>
      <p>
        <a href="/notifications">Back to your notifications</a>
      </p>
      <Form method="post" action="/account/notifications" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <div className="form-group">
          <div className="checkbox">
            <input className="checkbox__input" type="checkbox" id="autoWatch" name="autoWatch" value="yes" defaultChecked={autoWatch} aria-describedby="autoWatch-hint" />
            <label className="checkbox__label" htmlFor="autoWatch">
              Watch threads I start or reply to
            </label>
          </div>
          <div className="hint" id="autoWatch-hint">
            You will be told about new replies in them. You can stop watching any thread with its “Stop watching” button.
          </div>
        </div>
        <div className="form-group">
          <div className="checkbox">
            <input className="checkbox__input" type="checkbox" id="pauseLiveUpdates" name="pauseLiveUpdates" value="yes" defaultChecked={pauseLiveUpdates} aria-describedby="pauseLiveUpdates-hint" />
            <label className="checkbox__label" htmlFor="pauseLiveUpdates">
              Pause live updates
            </label>
          </div>
          <div className="hint" id="pauseLiveUpdates-hint">
            New replies and threads are then not announced or offered while you read; you see them when you reload. The same as the “Pause live updates” switch on thread pages, in every browser you sign in with.
          </div>
        </div>
        <Radios
          name="emailFrequency"
          legend="How often do you want emails about your notifications?"
          hint={
            !settings.emailAvailable
              ? 'This site does not send email at the moment, so your choice applies when it does.'
              : settings.hasEmail
                ? 'Emails list what you have not read yet.'
                : (
                  <>
                    You have no confirmed email address, so no emails are sent. <a href="/account/email">Add or confirm your address</a>.
                  </>
                )
          }
          options={FREQUENCIES}
          checked={chosen}
          error={frequencyError}
        />
        <button type="submit" className="button">
          Save settings
        </button>
      </Form>
    </>
  );
}
