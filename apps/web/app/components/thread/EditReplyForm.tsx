import { useRef } from 'react';
import { Form } from 'react-router';
import type { OfferedDraft } from '../../drafts.server';
import { draftKeys } from '../../drafts';
import type { ThreadAnswer } from '../../thread.server';
import { CsrfField } from '../CsrfField';
import { MentionTextarea } from '../mentions/MentionTextarea';
import { DraftOffer, DraftSaving } from '../ServerDraft';

/**
 * The author's edit of their reply. What is typed is kept as a draft on the server
 * (`reply-edit:<thread>:<reply>`), offered back here ("You have a draft from 10:42"), and discarded
 * when the edit is saved, as for a new reply (ReplyForm).
 */
export function EditReplyForm({
  action,
  threadId,
  replyId,
  name,
  body,
  answer,
  draft,
  restored,
}: {
  action: string;
  threadId: number;
  replyId: number;
  /** "Bo’s reply of 3 May": what the label and the text box's name say */ name: string;
  /** The reply's text as saved. */ body: string;
  answer?: ThreadAnswer;
  draft: OfferedDraft | null;
  restored: boolean;
}) {
  const form = useRef<HTMLFormElement>(null);
  const useDraft = !answer && restored && draft !== null;
  return (
    <>
      {answer ? null : <DraftOffer draft={draft} restored={restored} />}
      <Form method="post" action={action} noValidate className="form post-form" ref={form} key={useDraft ? 'restored' : 'form'}>
        <CsrfField />
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="replyId" value={replyId} />
        <MentionTextarea
          id={`edit-body-${replyId}`}
          name="body"
          label={`New text of ${name}`}
          hint="Markdown. The earlier text is kept, and the reply says how many times it was edited."
          error={answer?.errors[0]?.message}
          defaultValue={answer?.body ?? (useDraft ? draft.body : body)}
        />
        <DraftSaving draftKey={draftKeys.replyEdit(threadId, replyId)} form={form} submission={answer?.submission} restored={useDraft} />
        <button type="submit" className="button">
          Save changes
        </button>
      </Form>
    </>
  );
}
