import { useRef } from 'react';
import { Form } from 'react-router';
import type { OfferedDraft } from '../../drafts.server';
import type { ThreadAnswer } from '../../thread.server';
import { CsrfField } from '../CsrfField';
import { MentionTextarea } from '../mentions/MentionTextarea';
import { DraftOffer, DraftSaving } from '../ServerDraft';
import { FileUploadFields, NO_UPLOAD_VALUES } from '../FileUploadFields';
import { isUploadField } from '../../uploads';

/**
 * A reply to the thread or to one post; `idempotencyKey` makes a double submit post it once. What is
 * typed is kept as a draft on the server (`reply:<thread>` or `reply:<thread>:<reply>`), offered back here.
 */
export function ReplyForm({
  action,
  id,
  label,
  threadId,
  parentReplyId,
  idempotencyKey,
  answer,
  draft,
  restored,
  quote,
  uploads = false,
}: {
  action: string;
  id: string;
  label: string;
  threadId: number;
  parentReplyId: number | null;
  idempotencyKey: string;
  answer?: ThreadAnswer;
  draft: OfferedDraft | null;
  restored: boolean;
  /** Without scripts, "Quote in your reply" (`?quote=`): the quote the text box starts with. */
  quote?: string;
  /** Offer files to attach (the thread's own reply form: one such form per page, for unique ids). */
  uploads?: boolean;
}) {
  const form = useRef<HTMLFormElement>(null);
  const useDraft = !answer && restored && draft !== null;
  return (
    <>
      {answer ? null : <DraftOffer draft={draft} restored={restored} />}
      <Form method="post" action={action} noValidate className="form post-form" ref={form} key={useDraft ? 'restored' : 'form'} encType={uploads ? 'multipart/form-data' : undefined}>
        <CsrfField />
        <input type="hidden" name="intent" value="reply" />
        {parentReplyId !== null ? <input type="hidden" name="parentReplyId" value={parentReplyId} /> : null}
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <MentionTextarea
          id={id}
          name="body"
          label={label}
          hint="Markdown: *emphasis*, [links](https://example.org), lists; @username mentions someone. Up to 50 KB."
          error={answer?.errors.find((error) => !isUploadField(error.field))?.message}
          defaultValue={answer?.body ?? (quote || useDraft ? `${quote ?? ''}${useDraft ? draft.body : ''}` : undefined)}
        />
        {uploads ? <FileUploadFields errors={answer?.errors} values={answer?.uploads ?? NO_UPLOAD_VALUES} noun="reply" idPrefix="reply-" /> : null}
        <DraftSaving draftKey={`reply:${threadId}${parentReplyId ? `:${parentReplyId}` : ''}`} form={form} submission={answer?.submission} restored={useDraft} />
        <button type="submit" className="button">
          Post reply
        </button>
      </Form>
    </>
  );
}
