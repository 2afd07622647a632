import { Form } from 'react-router';
import type { Person } from '../../admin-users.server';
import { errorFor, type FormError, ROLES, roleName } from '../../forms';
import { CsrfField } from '../CsrfField';
import { rowIds, usePeopleFormAction } from './people-forms';

/** A person's role, chosen from the list; `errors` and `chosen` when this row's change was refused. */
export function RoleForm({ person, errors, chosen }: { person: Person; errors?: FormError[]; chosen?: string }) {
  const action = usePeopleFormAction();
  const id = rowIds(person.username).role;
  const error = errorFor(errors, 'role') ?? errorFor(errors, 'username', 'username');
  return (
    <Form method="post" action={action} noValidate className={`form-group${error ? ' form-group--error' : ''}`}>
      <CsrfField />
      <input type="hidden" name="intent" value="changeRole" />
      <input type="hidden" name="username" value={person.username} />
      <label className="visually-hidden" htmlFor={id}>
        Role for {person.username}
      </label>
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <select
        className={`select${error ? ' select--error' : ''}`}
        id={id}
        name="role"
        defaultValue={errors ? chosen || person.role : person.role}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {roleName(role)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary button--small">
        Change role<span className="visually-hidden"> for {person.username}</span>
      </button>
    </Form>
  );
}
