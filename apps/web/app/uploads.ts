/** Upload slots on the forms that take files (the server takes at most 3 files at a time). */
export const FILE_SLOTS = 3;

/** A slot's form field: `file1`, `description2`… (slots count from 1). */
export function slotField(what: 'file' | 'description' | 'decorative' | 'caption', slot: number): string {
  return `${what}${slot}`;
}

/** The form's field ids for the error summary, in the order the slots show them. */
export const UPLOAD_FIELD_IDS: Record<string, string> = Object.fromEntries(
  Array.from({ length: FILE_SLOTS }, (_, index) => [
    [slotField('file', index + 1), `file-${index + 1}`],
    [slotField('description', index + 1), `description-${index + 1}`],
  ]).flat(),
);

/** Whether a form error belongs to an upload slot (`file2`, `description1`) rather than the text. */
export function isUploadField(field: string | null): boolean {
  return field !== null && Object.hasOwn(UPLOAD_FIELD_IDS, field);
}
