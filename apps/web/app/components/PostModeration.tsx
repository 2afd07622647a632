import { Form } from 'react-router';
import type { ModerationAnswer } from '../moderation.server';
import { CsrfField } from './CsrfField';
import { PostTextarea } from './PostTextarea';

export const REPORTED_MESSAGE = 'Thank you: a moderator will look at your report';

/** The id of the reason field of a moderation form about a post (the error summary links to it). */
export function moderationFieldId(target: string): string {
  return `${target.replace(':', '-')}-reason`;
}

/**
 * The moderation controls of one post (opening post or reply): "Report this …" for signed-in
 * people who did not write it, and for moderators "Hide" (with the reason shown in its place) or
 * "Unhide" when it is hidden. `postName` makes
 * every control's name unique on the page ("Report hadleyac’s reply of 17 November 2008, 12:10").
 */
export function PostModeration({
  action,
  post,
  postName,
  hidden,
  canReport,
  canModerate,
  reported,
  answer,
}: {
  action: string;
  post: { kind: 'reply' | 'thread'; id: number };
  postName: string;
  hidden: boolean;
  canReport: boolean;
  canModerate: boolean;
  /** Just reported by the viewer: the thank-you is shown instead of the form. */
  reported: boolean;
  answer?: ModerationAnswer;
}) {
  const mine = (intent: string) => (answer?.target === `${intent}-${post.kind}:${post.id}` ? answer : undefined);
  const report = mine('report');
  const unhide = mine('unhide');
  const reasonForm = (intent: 'report' | 'hide' | 'unhide', given: ModerationAnswer | undefined, summary: string, field: { rows: number; label: string; hint?: string }, button: string) => (
    <details className="post-action" open={given ? true : undefined}>
      <summary className="post-action__summary">{summary}</summary>
      <Form method="post" action={action} noValidate className="form post-form">
        <CsrfField />
        <input type="hidden" name="intent" value={intent} />
        {post.kind === 'reply' ? <input type="hidden" name="replyId" value={post.id} /> : <input type="hidden" name="threadId" value={post.id} />}
        <PostTextarea id={moderationFieldId(`${intent}-${post.kind}:${post.id}`)} name="reason" {...field} error={given?.errors[0]?.message} defaultValue={given?.body} />
        <button type="submit" className="button button--secondary">
          {button}
          <span className="visually-hidden"> {intent === 'report' ? 'about ' : ''}{postName}</span>
        </button>
      </Form>
    </details>
  );
  return (
    <>
      {reported ? (
        <p className="post__reported">
          <strong>{REPORTED_MESSAGE}.</strong>
        </p>
      ) : canReport && (!hidden || report)
        ? reasonForm('report', report, `Report ${postName}`, { rows: 3, label: `Why should a moderator look at ${postName}?`, hint: 'Up to 1,000 characters. Only moderators see your report and your name.' }, 'Send report')
        : null}
      {canModerate && !hidden
        ? reasonForm('hide', mine('hide'), `Hide ${postName}`, { rows: 2, label: `Why hide ${postName}?`, hint: 'Required. Shown in its place: “Hidden by a moderator: …”. Its open reports are closed as hidden.' }, 'Hide')
        : null}
      {canModerate && hidden ? reasonForm('unhide', unhide, `Unhide ${postName}`, { rows: 2, label: 'Reason (optional, for the moderation log)' }, 'Unhide') : null}
    </>
  );
}
