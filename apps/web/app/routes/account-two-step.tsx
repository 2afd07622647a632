import { data, Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { errorFor, formTitle, summaryItems, type FormProblem } from '../forms';
import { field, formMutation, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import type { Route } from './+types/account-two-step';
import { graphql } from '../graphql';

const STATUS = graphql(`
  query TwoStepStatus {
    viewer { username twoStepEnabled recoveryCodesLeft mustSetUpTwoStep }
    twoStepSetup { secret qrCode }
  }
`);
const BEGIN = graphql(`mutation BeginTwoStepSetup { beginTwoStepSetup { setup { secret } errors { field message code } } }`);
const CONFIRM = graphql(`
  mutation ConfirmTwoStep($input: ConfirmTwoStepInput!) { confirmTwoStep(input: $input) { recoveryCodes errors { field message code } } }
`);
const TURN_OFF = graphql(`
  mutation TurnOffTwoStep($input: TurnOffTwoStepInput!) { turnOffTwoStep(input: $input) { errors { field message code } } }
`);

const FIELDS = { code: 'code', currentPassword: 'currentPassword' };

export async function loader({ request, context }: Route.LoaderArgs) {
  // Signed out: the query's refusal sends the reader to sign in and back here.
  const { viewer, twoStepSetup } = await query(context, STATUS, {}, { cacheable: false, request });
  if (!viewer) throw redirect('/sign-in?returnTo=%2Faccount%2Ftwo-step', 303);
  return { viewer, setup: twoStepSetup, turnedOff: new URL(request.url).searchParams.get('off') === '1' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const intent = field(form, 'intent');
  if (intent === 'begin') {
    const { errors } = await formMutation(context, request, BEGIN, {});
    if (errors.length > 0) return problem(errors, {});
    // Post/redirect/get: the set-up (secret and QR code) is read by the loader.
    return redirect('/account/two-step', 303);
  }
  if (intent === 'confirm') {
    const confirmed = await formMutation(context, request, CONFIRM, { input: { code: field(form, 'code') } });
    if (!confirmed.ok) return problem(confirmed.errors, {});
    // The recovery codes are shown this once, in the answer to this form; they are kept only hashed.
    return data({ recoveryCodes: confirmed.payload.recoveryCodes });
  }
  if (intent === 'turn-off') {
    const { errors } = await formMutation(context, request, TURN_OFF, { input: { currentPassword: field(form, 'currentPassword') } });
    if (errors.length > 0) return problem(errors, {});
    return redirect('/account/two-step?off=1', 303);
  }
  return problem([{ field: null, message: 'Choose what to do' }], {});
}

export default function TwoStepPage({ loaderData, actionData }: Route.ComponentProps) {
  const { viewer, setup, turnedOff } = loaderData;
  const answer = actionData && 'errors' in actionData ? (actionData as FormProblem) : undefined;
  const recoveryCodes = actionData && 'recoveryCodes' in actionData ? actionData.recoveryCodes : null;
  const errors = answer?.errors;
  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} />;
  return (
    <>
      <title>{formTitle('Two-step sign-in', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      {turnedOff && !answer ? (
        <NotificationBanner id="two-step-off" title="Success" success>
          <p className="notification-banner__heading">Two-step sign-in is off. Your password alone now signs you in.</p>
        </NotificationBanner>
      ) : null}
      {viewer.mustSetUpTwoStep ? (
        <NotificationBanner id="two-step-required">
          <p className="notification-banner__heading">This site requires two-step sign-in for moderators and administrators. Set it up to carry on.</p>
        </NotificationBanner>
      ) : null}
      <h1>Two-step sign-in</h1>
      {viewer.twoStepEnabled ? (
        <>
          <p>
            Two-step sign-in is <strong>on</strong>. When you sign in, you enter your password and then a code from your authenticator app.
          </p>
          <p>
            You have {viewer.recoveryCodesLeft} unused recovery {viewer.recoveryCodesLeft === 1 ? 'code' : 'codes'}. If you lose your phone and your recovery codes, ask an
            administrator to reset your two-step sign-in.
          </p>
          <h2>Turn off two-step sign-in</h2>
          <Form method="post" action="/account/two-step" noValidate key={answer?.submission} className="form">
            <CsrfField />
            <input type="hidden" name="intent" value="turn-off" />
            <input type="text" name="username" autoComplete="username" value={viewer.username} readOnly hidden />
            <TextInput id="currentPassword" name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={errorFor(errors, 'currentPassword', 'currentPassword')} />
            <button type="submit" className="button button--warning">
              Turn off two-step sign-in
            </button>
          </Form>
        </>
      ) : setup ? (
        <>
          <p>Two-step sign-in is not on yet. Finish these steps to turn it on.</p>
          <h2>1. Add Commonplace to your authenticator app</h2>
          <p>Use an authenticator app on your phone or computer, for example one that came with your phone or your password manager. Scan this QR code with it:</p>
          <p>
            <img src={setup.qrCode} width={240} height={240} alt="QR code for your authenticator app. If you cannot scan it, type the setup key below instead." />
          </p>
          <p id="secret-label">Or type this setup key into the app (spaces do not matter). Choose a time-based key if the app asks:</p>
          <p>
            <code className="two-step-secret" aria-labelledby="secret-label" data-testid="two-step-secret">
              {setup.secret}
            </code>
          </p>
          <h2>2. Enter the code your app shows</h2>
          <Form method="post" action="/account/two-step" noValidate key={answer?.submission} className="form">
            <CsrfField />
            <input type="hidden" name="intent" value="confirm" />
            <TextInput id="code" name="code" label="Code from your app" hint="6 digits, for example 123456" autoComplete="one-time-code" spellCheck={false} error={errorFor(errors, 'code', 'code')} />
            <button type="submit" className="button">
              Turn on two-step sign-in
            </button>
          </Form>
          <Form method="post" action="/account/two-step" className="form">
            <CsrfField />
            <input type="hidden" name="intent" value="begin" />
            <button type="submit" className="button button--secondary">
              Start again with a new key
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>
            Two-step sign-in is <strong>off</strong>. With it on, signing in needs your password and a code from an authenticator app on your phone or computer, so
            someone who learns your password still cannot sign in as you.
          </p>
          <Form method="post" action="/account/two-step" className="form">
            <CsrfField />
            <input type="hidden" name="intent" value="begin" />
            <button type="submit" className="button">
              Set up two-step sign-in
            </button>
          </Form>
        </>
      )}
      <p>
        <a href="/account">Your account</a>
      </p>
    </>
  );
}

function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  return (
    <>
      <title>Two-step sign-in is on - Commonplace</title>
      <NotificationBanner id="two-step-on" title="Success" success>
        <p className="notification-banner__heading">Two-step sign-in is on.</p>
      </NotificationBanner>
      <h1>Save your recovery codes</h1>
      <p>
        If you lose your phone, each of these codes signs you in once instead of a code from your app. Keep them somewhere safe, such as a password manager or on paper.
        They are shown only this once.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/account" className="button">
          I have saved my recovery codes
        </a>
      </p>
    </>
  );
}
