import { Form } from 'react-router';
import type { ThreadAnswer } from '../../thread.server';
import { CsrfField } from '../CsrfField';
import { PostTextarea } from '../PostTextarea';

/** A reply to the thread or to one post; `idempotencyKey` makes a double submit post it once. */
export function ReplyForm({
  action,
  id,
  label,
  parentReplyId,
  idempotencyKey,
  answer,
}: {
  action: string;
  id: string;
  label: string;
  parentReplyId: number | null;
  idempotencyKey: string;
  answer?: ThreadAnswer;
}) {
  return (
    <Form method="post" action={action} noValidate className="form post-form">
      <CsrfField />
      <input type="hidden" name="intent" value="reply" />
      {parentReplyId !== null ? <input type="hidden" name="parentReplyId" value={parentReplyId} /> : null}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <PostTextarea id={id} name="body" label={label} hint="Markdown: *emphasis*, [links](https://example.org), lists. Up to 50 KB." error={answer?.errors[0]?.message} defaultValue={answer?.body} />
      <button type="submit" className="button">
        Post reply
      </button>
    </Form>
  );
}
