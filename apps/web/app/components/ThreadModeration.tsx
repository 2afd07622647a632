import { Form } from 'react-router';
import type { ModerationAnswer } from '../moderation.server';
import { CsrfField } from './CsrfField';
import { TextInput } from './TextInput';

/**
 * "Moderate this thread" (moderators only): lock or unlock, pin or unpin, each with an optional
 * reason for the moderation log, and a link to move the thread. Plain forms.
 */
export function ThreadModeration({ action, threadId, locked, pinned, answer }: { action: string; threadId: number; locked: boolean; pinned: boolean; answer?: ModerationAnswer }) {
  const own = answer?.target.startsWith('thread:') ? answer : undefined;
  const toggle = (intent: string, label: string) => {
    const mine = own?.target === `thread:${intent}` ? own : undefined;
    return (
      <Form method="post" action={action} noValidate className="form thread-moderation__form">
        <CsrfField />
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="threadId" value={threadId} />
        <TextInput id={`thread-${intent}-reason`} name="reason" label={`Reason to ${label.toLowerCase()} (optional)`} error={mine?.errors[0]?.message} defaultValue={mine?.body} />
        <button type="submit" className="button button--secondary">
          {label}
        </button>
      </Form>
    );
  };
  return (
    <details className="post-action thread-moderation" open={own ? true : undefined}>
      <summary className="post-action__summary">Moderate this thread</summary>
      <p>
        This thread is {locked ? 'locked' : 'open for replies'} and {pinned ? 'pinned (listed first)' : 'not pinned'}.
      </p>
      {toggle(locked ? 'unlock' : 'lock', locked ? 'Unlock this thread' : 'Lock this thread')}
      {toggle(pinned ? 'unpin' : 'pin', pinned ? 'Unpin this thread' : 'Pin this thread')}
      <p>
        <a href={`/threads/${threadId}/move`}>Move this thread to another page or recommendation</a>
      </p>
    </details>
  );
}
