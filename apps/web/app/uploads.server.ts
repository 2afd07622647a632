import { fileReference } from '@commonplace/markdown';
import type { AppLoadContext } from 'react-router';
import type { FileUploadValues } from './components/FileUploadFields';
import { field, formMutation } from './forms.server';
import type { FormError } from './forms';
import { graphql } from './graphql';
import { FILE_SLOTS, slotField } from './uploads';

const UPLOAD_FILES = graphql(`
  mutation UploadFiles($input: UploadFilesInput!) {
    uploadFiles(input: $input) {
      files { id name kind }
      errors { field message code }
    }
  }
`);

export interface FormUpload {
  /** The lines to add to the text, one per file stored. */
  references: string[];
  errors: FormError[];
  values: FileUploadValues;
  /** Whether any slot had a file chosen. */
  chosen: boolean;
}

/** What the upload slots hold, as typed (for refilling the form). */
export function uploadValues(form: FormData): FileUploadValues {
  const slots = Array.from({ length: FILE_SLOTS }, (_, index) => index + 1);
  return {
    description: slots.map((slot) => field(form, slotField('description', slot))),
    decorative: slots.map((slot) => field(form, slotField('decorative', slot)) === 'yes'),
    caption: slots.map((slot) => field(form, slotField('caption', slot))),
  };
}

/**
 * Uploads the files chosen in the form's slots (all or none, as the server stores them) and gives
 * back the reference lines to insert, or the problems by slot field (`file2`, `description1`).
 */
export async function uploadFromForm(context: AppLoadContext, request: Request, form: FormData): Promise<FormUpload> {
  const values = uploadValues(form);
  const sent: { slot: number; file: File }[] = [];
  for (let slot = 1; slot <= FILE_SLOTS; slot++) {
    const file = form.get(slotField('file', slot));
    // A file input left empty still sends a part: no name, no bytes.
    if (file instanceof File && (file.name !== '' || file.size > 0)) sent.push({ slot, file });
  }
  if (sent.length === 0) return { references: [], errors: [], values, chosen: false };
  const uploaded = await formMutation(context, request, UPLOAD_FILES, {
    input: {
      files: sent.map(({ slot, file }) => ({ file, description: values.description[slot - 1], decorative: values.decorative[slot - 1] })),
    },
  });
  if (!uploaded.ok) {
    const errors = uploaded.errors.map((error) => {
      const match = /^files\.(\d+)\.(file|description)$/.exec(error.field ?? '');
      if (match) return { field: slotField(match[2] as 'file' | 'description', sent[Number(match[1])].slot), message: error.message };
      return { field: error.field === 'files' ? slotField('file', sent[0].slot) : error.field, message: error.message };
    });
    return { references: [], errors, values, chosen: true };
  }
  const references = uploaded.payload.files.map((file, index) => fileReference(file.id, values.caption[sent[index].slot - 1]));
  return { references, errors: [], values, chosen: true };
}

/** The text with the reference lines added at its end, each its own paragraph. */
export function withReferences(body: string, references: string[]): string {
  if (references.length === 0) return body;
  return `${body.replace(/\s+$/, '')}${body.trim() ? '\n\n' : ''}${references.join('\n\n')}\n`;
}
