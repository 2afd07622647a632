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
 * people who did not write it, and for moderators "Unhide" when it is hidden. `postName` makes
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
  const idInput = post.kind === 'reply' ? <input type="hidden" name="replyId" value={post.id} /> : <input type="hidden" name="threadId" value={post.id} />;
  return (
    <>
      {reported ? (
        <p className="post__reported">
          <strong>{REPORTED_MESSAGE}.</strong>
        </p>
      ) : canReport && (!hidden || report) ? (
        <details className="post-action" open={report ? true : undefined}>
          <summary className="post-action__summary">Report {postName}</summary>
          <Form method="post" action={action} noValidate className="form post-form">
            <CsrfField />
            <input type="hidden" name="intent" value="report" />
            {idInput}
            <PostTextarea
              id={moderationFieldId(`report-${post.kind}:${post.id}`)}
              name="reason"
              rows={3}
              label={`Why should a moderator look at ${postName}?`}
              hint="Up to 1,000 characters. Only moderators see your report and your name."
              error={report?.errors[0]?.message}
              defaultValue={report?.body}
            />
            <button type="submit" className="button button--secondary">
              Send report<span className="visually-hidden"> about {postName}</span>
            </button>
          </Form>
        </details>
      ) : null}
      {canModerate && hidden ? (
        <details className="post-action" open={unhide ? true : undefined}>
          <summary className="post-action__summary">Unhide {postName}</summary>
          <Form method="post" action={action} noValidate className="form post-form">
            <CsrfField />
            <input type="hidden" name="intent" value="unhide" />
            {idInput}
            <PostTextarea
              id={moderationFieldId(`unhide-${post.kind}:${post.id}`)}
              name="reason"
              rows={2}
              label="Reason (optional, for the moderation log)"
              error={unhide?.errors[0]?.message}
              defaultValue={unhide?.body}
            />
            <button type="submit" className="button button--secondary">
              Unhide<span className="visually-hidden"> {postName}</span>
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
