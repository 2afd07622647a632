import { isPeopleIntent, type PeopleIntent, peopleFieldIds, peoplePath } from '../components/admin/people-forms';
import { Pagination } from '../components/Pagination';
import { RestoreForm } from '../components/admin/RestoreForm';
import { RoleForm } from '../components/admin/RoleForm';
import { SetPasswordForm } from '../components/admin/SetPasswordForm';
import { SuspendForm } from '../components/admin/SuspendForm';
import { ResetTwoStepForm } from '../components/admin/ResetTwoStepForm';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { PersonName } from '../components/UserLink';
import { PEOPLE, peopleAction, peopleConfirmation, requireAdmin } from '../admin-users.server';
import { type FormError, formTitle, summaryItems } from '../forms';
import { readForm } from '../forms.server';
import { query } from '../load-context';
import type { Route } from './+types/admin-users';

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = await requireAdmin(request, context);
  const search = new URL(request.url).searchParams;
  // A cursor the list did not give out is refused by the server as bad input.
  const { users: list } = await query(context, PEOPLE, { after: search.get('after') }, { cacheable: false, request });
  const users = list.edges.map((edge) => edge.node);
  return {
    viewer,
    users,
    totalCount: list.totalCount,
    pageInfo: list.pageInfo,
    first: !list.pageInfo.hasPreviousPage,
    confirmation: peopleConfirmation(search.get('done'), search.get('username'), users),
    loadId: crypto.randomUUID(),
  };
}

/** Each row's forms send an `intent`: its mutation, and what the page then says, are in admin-users.server.ts. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  await requireAdmin(request, context);
  return peopleAction(context, request, form);
}

export default function People({ loaderData, actionData: answer }: Route.ComponentProps) {
  const { viewer, users, totalCount, pageInfo, first, confirmation, loadId } = loaderData;
  const errors = answer?.errors;
  const values = answer?.values ?? {};
  const failed = answer && isPeopleIntent(values.intent) ? { intent: values.intent, username: values.username } : null;
  const items = failed ? summaryItems(errors, peopleFieldIds(failed.intent, failed.username)) : summaryItems(errors, { form: 'people-heading' });
  const rowErrors = (intent: PeopleIntent, username: string): FormError[] | undefined =>
    failed && failed.intent === intent && failed.username === username ? errors : undefined;

  return (
    <>
      <title>{formTitle('People', Boolean(errors?.length))}</title>
      <ErrorSummary items={items} focusKey={answer?.submission} />
      {confirmation && !answer ? (
        <NotificationBanner id="people-changed" title="Success" success>
          <p className="notification-banner__heading">{confirmation}</p>
        </NotificationBanner>
      ) : null}
      <h1 id="people-heading" tabIndex={-1}>
        People
      </h1>
      <p>Everyone with an account. Changes take effect at once, including for anyone signed in now.</p>
      <div className="people" key={`${loadId}-${answer?.submission ?? ''}`}>
        <table className="table people-table">
          <caption>
            {totalCount === 1 ? '1 person' : `${totalCount} people`}
            {pageInfo.hasNextPage || !first ? `, ${users.length} on this page, by username` : null}
          </caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
              <th scope="col">Password</th>
            </tr>
          </thead>
          <tbody>
            {users.map((person) => (
              <tr key={person.id}>
                <th scope="row" className="people-table__person">
                  <PersonName person={person} />
                  {person.username === viewer.username ? ' (you)' : null}
                  <span className="people-table__detail">{person.username}</span>
                  <span className="people-table__detail">
                    Joined <DateTime iso={person.createdAt} dateOnly />
                  </span>
                </th>
                <td data-label="Role">
                  <RoleForm person={person} errors={rowErrors('changeRole', person.username)} chosen={values.role} />
                </td>
                <td data-label="Account">
                  {person.suspended ? (
                    <RestoreForm person={person} errors={rowErrors('restore', person.username)} />
                  ) : (
                    <SuspendForm person={person} errors={rowErrors('suspend', person.username)} reason={values.reason} />
                  )}
                </td>
                <td data-label="Password">
                  <SetPasswordForm person={person} errors={rowErrors('setPassword', person.username)} />
                  {person.twoStepEnabled ? <ResetTwoStepForm person={person} errors={rowErrors('resetTwoStep', person.username)} reason={values.reason} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        label="Pages of people"
        items={[!first && { href: peoplePath(null), text: 'First page' }, pageInfo.hasNextPage && { href: peoplePath(pageInfo.endCursor), text: 'Next page', rel: 'next' }]}
      />
    </>
  );
}
