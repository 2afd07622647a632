import { Form } from 'react-router';
import type { Person } from '../../admin-users.server';
import { errorFor, type FormError } from '../../forms';
import { CsrfField } from '../CsrfField';
import { TextInput } from '../TextInput';
import { rowIds, usePeopleFormAction } from './people-forms';

/** Whether a person has a password, and a new one set by an administrator (never filled in again). */
export function SetPasswordForm({ person, errors }: { person: Person; errors?: FormError[] }) {
  const action = usePeopleFormAction();
  return (
    <Form method="post" action={action} noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="setPassword" />
      <input type="hidden" name="username" value={person.username} />
      <p className="people-table__status">{person.hasPassword ? 'Has a password' : 'No password yet: cannot sign in'}</p>
      <TextInput
        id={rowIds(person.username).newPassword}
        name="newPassword"
        label={
          <>
            New password<span className="visually-hidden"> for {person.username}</span>
          </>
        }
        type="password"
        autoComplete="new-password"
        error={errorFor(errors, 'newPassword') ?? errorFor(errors, 'username', 'username')}
        width="full"
      />
      <button type="submit" className="button button--secondary button--small">
        Set password<span className="visually-hidden"> for {person.username}</span>
      </button>
    </Form>
  );
}
