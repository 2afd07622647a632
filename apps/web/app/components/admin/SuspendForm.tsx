import { Form } from 'react-router';
import type { Person } from '../../admin-users.server';
import { errorFor, type FormError } from '../../forms';
import { CsrfField } from '../CsrfField';
import { TextInput } from '../TextInput';
import { rowIds, usePeopleFormAction } from './people-forms';

/** An active person: "Suspend", with the reason they will see; `reason` is refilled when this row's suspension was refused. */
export function SuspendForm({ person, errors, reason }: { person: Person; errors?: FormError[]; reason?: string }) {
  const action = usePeopleFormAction();
  return (
    <Form method="post" action={action} noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="suspend" />
      <input type="hidden" name="username" value={person.username} />
      <p className="people-table__status">Active</p>
      <TextInput
        id={rowIds(person.username).reason}
        name="reason"
        label={
          <>
            Reason<span className="visually-hidden"> for suspending {person.username}</span>
          </>
        }
        hint="They will see it."
        required
        defaultValue={errors ? reason : undefined}
        error={errorFor(errors, 'reason') ?? errorFor(errors, 'username', 'username')}
        width="full"
      />
      <button type="submit" className="button button--warning button--small">
        Suspend<span className="visually-hidden"> {person.username}</span>
      </button>
    </Form>
  );
}
