import { Form } from 'react-router';
import type { Person } from '../../admin-users.server';
import { errorFor, type FormError } from '../../forms';
import { CsrfField } from '../CsrfField';
import { TextInput } from '../TextInput';
import { rowIds, usePeopleFormAction } from './people-forms';

/** Someone with two-step sign-in: "Reset two-step sign-in" (a lost phone), with the reason the moderation log keeps. */
export function ResetTwoStepForm({ person, errors, reason }: { person: Person; errors?: FormError[]; reason?: string }) {
  const action = usePeopleFormAction();
  return (
    <Form method="post" action={action} noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="resetTwoStep" />
      <input type="hidden" name="username" value={person.username} />
      <p className="people-table__status">Two-step sign-in on</p>
      <TextInput
        id={rowIds(person.username).twoStepReason}
        name="reason"
        label={
          <>
            Reason<span className="visually-hidden"> for resetting {person.username}’s two-step sign-in</span>
          </>
        }
        hint="For the moderation log, for example how you checked it is them."
        required
        defaultValue={errors ? reason : undefined}
        error={errorFor(errors, 'reason') ?? errorFor(errors, 'username', 'username')}
        width="full"
      />
      <button type="submit" className="button button--warning button--small">
        Reset two-step sign-in<span className="visually-hidden"> of {person.username}</span>
      </button>
    </Form>
  );
}
