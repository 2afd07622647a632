import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { FormGroup } from '../components/FormGroup';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { requireAdmin } from '../admin-users.server';
import { errorFor, formTitle, ROLES, roleName, summaryItems } from '../forms';
import { field, formMutation, keep, problem, readForm } from '../forms.server';
import { useFormAnswer } from '../use-form-answer';
import type { Route } from './+types/admin-invitations';
import { graphql } from '../graphql';

const INVITE = graphql(`
  mutation InvitePeople($input: InvitePeopleInput!) {
    invitePeople(input: $input) { invited errors { field message code } }
  }
`);

const FIELDS = { emails: 'emails', role: 'role-Participant' };
/** The server's INVITATION_DAYS (apps/server/src/accounts/invitations.service.ts). */
const INVITATION_DAYS = 7;

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  const sent = Number(new URL(request.url).searchParams.get('sent'));
  return { csrfToken: context.csrfToken, sent: Number.isInteger(sent) && sent > 0 ? sent : null };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  await requireAdmin(request, context);
  const values = keep(form, ['emails', 'role']);
  const role = ROLES.find((candidate) => candidate === values.role) ?? 'Participant';
  const answer = await formMutation(context, request, INVITE, { input: { emails: field(form, 'emails'), role } });
  if (!answer.ok) return problem(answer.errors, values);
  // Post/redirect/get: a reload sends no second round of invitations.
  return redirect(`/admin/invitations?sent=${answer.payload.invited.length}`, 303);
}

export default function Invitations({ loaderData }: Route.ComponentProps) {
  const { sent } = loaderData;
  const { answer, errors, values } = useFormAnswer();
  return (
    <>
      <title>{formTitle('Invite people', Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={answer?.submission} />
      {sent && !answer ? (
        <NotificationBanner id="invitations-sent" title="Success" success>
          <p className="notification-banner__heading">
            {sent === 1 ? 'An invitation is on its way to 1 address.' : `Invitations are on their way to ${sent} addresses.`}
          </p>
        </NotificationBanner>
      ) : null}
      <h1>Invite people</h1>
      <p>
        Each person gets an email with a link to create an account. The account has the address the invitation went to, already confirmed, and the role you choose. A link
        works once, for {INVITATION_DAYS} days.
      </p>
      <Form method="post" action="/admin/invitations" noValidate key={answer?.submission} className="form">
        <CsrfField />
        <FormGroup id="emails" label="Email addresses" hint="One address a line, at most 100." error={errorFor(errors, 'emails', 'emails')}>
          {(describedBy) => (
            <textarea
              className={`textarea${errorFor(errors, 'emails', 'emails') ? ' textarea--error' : ''}`}
              id="emails"
              name="emails"
              rows={8}
              spellCheck={false}
              autoComplete="off"
              defaultValue={values.emails}
              aria-describedby={describedBy}
            />
          )}
        </FormGroup>
        <Radios
          name="role"
          legend="Role"
          hint="What the new accounts may do. You can change it later on the People page."
          checked={values.role || 'Participant'}
          error={errorFor(errors, 'role')}
          options={ROLES.map((role) => ({
            value: role,
            label: roleName(role),
            hint: role === 'Admin' ? 'Everything, including people and site settings' : role === 'Moderator' ? 'Also hides posts, moves threads and looks after areas' : 'Reads, writes, edits pages and replies',
          }))}
        />
        <button type="submit" className="button">
          Send invitations
        </button>
      </Form>
    </>
  );
}
