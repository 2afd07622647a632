import { useLocation } from 'react-router';
import type { Unavailable } from '../unavailable';
import { ErrorSummary } from './ErrorSummary';
import { FormGroup } from './FormGroup';

/** Fields people write in, shown to them again; every other field is sent again as it was, hidden. */
const WRITTEN: Record<string, { label: string; multiline: boolean }> = {
  subject: { label: 'Subject', multiline: false },
  title: { label: 'Title', multiline: false },
  body: { label: 'Your text', multiline: true },
  text: { label: 'Your text', multiline: true },
  summary: { label: 'About this update', multiline: false },
  description: { label: 'Description', multiline: true },
  reason: { label: 'Reason', multiline: true },
  tags: { label: 'Tags', multiline: false },
  username: { label: 'Username', multiline: false },
  displayName: { label: 'Display name', multiline: false },
  email: { label: 'Email address', multiline: false },
};

/**
 * The 503 page: the database cannot be reached for a moment. After a form, it says nothing was
 * saved (an error summary, which takes focus so it is read first) and gives back what was typed in
 * a form that sends it again to the same address.
 */
export function UnavailablePage({ sent }: { sent?: Unavailable['sent'] }) {
  const location = useLocation();
  const written = (sent?.fields ?? []).filter(([name]) => WRITTEN[name]);
  const hidden = (sent?.fields ?? []).filter(([name]) => !WRITTEN[name]);
  const fieldId = (name: string, index: number) => `unavailable-${name}-${index}`;
  const firstField = written.length > 0 ? fieldId(written[0][0], 0) : sent?.passwords.length ? `unavailable-${sent.passwords[0]}` : undefined;
  return (
    <>
      <title>{sent ? 'Error: Nothing was saved – Commonplace' : 'Sorry, the service is unavailable – Commonplace'}</title>
      {sent && firstField ? (
        <ErrorSummary items={[{ fieldId: firstField, message: 'Nothing you sent was saved. What you typed is below: send it again in a few seconds.' }]} />
      ) : null}
      <h1>Sorry, the service is unavailable</h1>
      <p>Commonplace cannot reach its database just now. This usually lasts a few seconds.</p>
      {sent ? (
        <>
          <p>Nothing you sent was saved.{firstField ? ' What you typed is still here:' : ' Go back and send the form again in a few seconds.'}</p>
          {firstField ? (
            <form method="post" action={location.pathname + location.search} noValidate>
              {hidden.map(([name, value], index) => (
                <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
              ))}
              {written.map(([name, value], index) => {
                const { label, multiline } = WRITTEN[name];
                const id = fieldId(name, index);
                return (
                  <FormGroup key={id} id={id} label={label}>
                    {(describedBy) =>
                      multiline ? (
                        <textarea className="textarea" id={id} name={name} rows={8} defaultValue={value} aria-describedby={describedBy} />
                      ) : (
                        <input className="input input--full" id={id} name={name} type="text" defaultValue={value} aria-describedby={describedBy} />
                      )
                    }
                  </FormGroup>
                );
              })}
              {sent.passwords.map((name) => (
                <FormGroup key={name} id={`unavailable-${name}`} label="Your password (type it again: we never send it back)">
                  {(describedBy) => <input className="input input--medium" id={`unavailable-${name}`} name={name} type="password" autoComplete="current-password" aria-describedby={describedBy} />}
                </FormGroup>
              ))}
              <button type="submit" className="button">
                Send again
              </button>
            </form>
          ) : null}
        </>
      ) : (
        <p>Try again in a few seconds. Nothing you had saved has been lost.</p>
      )}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}
