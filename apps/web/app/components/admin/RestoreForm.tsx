import { Form } from 'react-router';
import type { Person } from '../../admin-users.server';
import { errorFor, type FormError } from '../../forms';
import { CsrfField } from '../CsrfField';
import { rowIds, usePeopleFormAction } from './people-forms';

/** A suspended person: why they were suspended, and "Restore" to let them post and edit again. */
export function RestoreForm({ person, errors }: { person: Person; errors?: FormError[] }) {
  const action = usePeopleFormAction();
  const id = rowIds(person.username).restore;
  const error = errorFor(errors, 'username', 'username');
  return (
    <Form method="post" action={action} noValidate className={`form-group${error ? ' form-group--error' : ''}`}>
      <CsrfField />
      <input type="hidden" name="intent" value="restore" />
      <input type="hidden" name="username" value={person.username} />
      <p className="people-table__status">
        <strong>Suspended:</strong> {person.suspendedReason ?? 'no reason recorded'}
      </p>
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <button type="submit" id={id} className="button button--secondary button--small" aria-describedby={error ? `${id}-error` : undefined}>
        Restore<span className="visually-hidden"> {person.username}</span>
      </button>
    </Form>
  );
}
