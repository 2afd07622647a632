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
import { query } from '../load-context';
import { formatDate } from '../format';

const PENDING = graphql(`
  query PendingInvitations {
    pendingInvitations { id email role invitedBy expiresAt }
  }
`);

const CANCEL = graphql(`
  mutation CancelInvitation($input: CancelInvitationInput!) {
    cancelInvitation(input: $input) { cancelled errors { field message code } }
  }
`);

const INVITE = graphql(`
  mutation InvitePeople($input: InvitePeopleInput!) {
    invitePeople(input: $input) { invited errors { field message code } }
  }
`);

const FIELDS = { emails: 'emails', role: 'role-Participant', form: 'pending-heading' };
/** The server's INVITATION_DAYS (apps/server/src/accounts/invitations.service.ts). */
const INVITATION_DAYS = 7;

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  const search = new URL(request.url).searchParams;
  const sent = Number(search.get('sent'));
  const { pendingInvitations } = await query(context, PENDING, {}, { cacheable: false, request });
  return { csrfToken: context.csrfToken, sent: Number.isInteger(sent) && sent > 0 ? sent : null, cancelled: search.get('cancelled'), pending: pendingInvitations };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  await requireAdmin(request, context);
  if (field(form, 'intent') === 'cancel') {
    const cancelled = await formMutation(context, request, CANCEL, { input: { id: field(form, 'id') } });
    if (!cancelled.ok) return problem(cancelled.errors, { intent: 'cancel' });
    return redirect(`/admin/invitations?cancelled=${encodeURIComponent(field(form, 'email').slice(0, 320))}`, 303);
  }
  const values = keep(form, ['emails', 'role']);
  const role = ROLES.find((candidate) => candidate === values.role) ?? 'Participant';
  const answer = await formMutation(context, request, INVITE, { input: { emails: field(form, 'emails'), role } });
  if (!answer.ok) return problem(answer.errors, values);
  // Post/redirect/get: a reload sends no second round of invitations.
  return redirect(`/admin/invitations?sent=${answer.payload.invited.length}`, 303);
}

export default function Invitations({ loaderData }: Route.ComponentProps) {
  const { sent, cancelled, pending } = loaderData;
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
      {cancelled && !answer ? (
        <NotificationBanner id="invitation-cancelled" title="Success" success>
          <p className="notification-banner__heading">The invitation to {cancelled} is cancelled: its link no longer works.</p>
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
      <h2 id="pending-heading">Invitations not yet used</h2>
      {pending.length === 0 ? (
        <p>There are no invitations waiting to be used.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Invitations not yet used, the newest first (at most 50)</caption>
          <thead>
            <tr>
              <th scope="col">Email address</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.map((invitation) => (
              <tr key={invitation.id}>
                <td>{invitation.email}</td>
                <td>{roleName(invitation.role)}</td>
                <td>{invitation.invitedBy ?? 'A former administrator'}</td>
                <td>{formatDate(invitation.expiresAt)}</td>
                <td>
                  <Form method="post" action="/admin/invitations">
                    <CsrfField />
                    <input type="hidden" name="intent" value="cancel" />
                    <input type="hidden" name="id" value={invitation.id} />
                    <input type="hidden" name="email" value={invitation.email} />
                    <button type="submit" className="button button--secondary">
                      Cancel invitation<span className="visually-hidden"> to {invitation.email}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
