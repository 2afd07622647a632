import { useEffect, useRef, useState, type DragEvent } from "react";
import { useNavigation } from "react-router";
import { formatBytes } from "@commonplace/markdown";
import { errorFor, type FormError } from "../forms";
import { FILE_SLOTS, slotField } from "../uploads";
import { FormGroup } from "./FormGroup";

export interface FileUploadValues {
  /** Per slot (1-based in names): what was typed, kept when the upload was refused. */
  description: string[];
  decorative: boolean[];
  caption: string[];
}

export const NO_UPLOAD_VALUES: FileUploadValues = {
  description: ["", "", ""],
  decorative: [false, false, false],
  caption: ["", "", ""],
};

/**
 * Images and files to add to the text, in a plain multipart form (no script needed): a few slots,
 * each with its file, the image's description — or the decorative choice, made on purpose — and an
 * optional caption. The description is asked for here, at upload, because an optional one is
 * almost never written. `noun` names the text: "page" or "post".
 */
export function FileUploadFields({
  errors,
  values,
  noun,
  uploadLabel,
  idPrefix = "",
}: {
  errors?: FormError[];
  values: FileUploadValues;
  noun: string;
  /** A button that uploads without sending the rest (the page editor); without it the files go with the form's own button. */
  uploadLabel?: string;
  /** Prefix of the controls' ids, for a page with more than one such form. */
  idPrefix?: string;
}) {
  const hasErrors = Boolean(
    errors?.some(
      (error) => error.field && /^(file|description)\d$/.test(error.field),
    ),
  );
  const [enhanced, setEnhanced] = useState(false);
  const [dragging, setDragging] = useState(false);
  const slots = useRef<HTMLDivElement>(null);
  useEffect(() => setEnhanced(true), []);
  // While the form is on its way with files in it: how much is being sent (fetch gives no byte-by-byte progress).
  const navigation = useNavigation();
  const sending =
    navigation.state === "submitting" && navigation.formData
      ? uploadBytes(navigation.formData)
      : 0;

  // Dropped files fill the empty slots in order; the file inputs stay the control, so nothing else changes.
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const inputs = Array.from(
      slots.current?.querySelectorAll<HTMLInputElement>("input[type=file]") ??
        [],
    ).filter((input) => !input.files?.length);
    for (const [index, file] of Array.from(
      event.dataTransfer.files,
    ).entries()) {
      const input = inputs[index];
      if (!input) break;
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
    }
    inputs[0]?.focus();
  };
  return (
    <details className="details file-upload" open={hasErrors || undefined}>
      <summary className="details__summary">Add images or files</summary>
      <div className="details__text">
        <p className="hint" id={`${idPrefix}file-upload-hint`}>
          JPEG, PNG, WebP or GIF images, PDF documents or plain text files, up
          to 10 MB each, up to {FILE_SLOTS} at a time. Each image needs a
          description for people who cannot see it, unless it is only
          decoration. A line such as <code>![[file:12]]</code> is added at the
          end of the {noun} text for each file
          {uploadLabel
            ? ": move it to where the file belongs."
            : " when you post it."}
        </p>
        {hasErrors ? (
          <p className="hint">
            Nothing was uploaded. Put right what is shown below, then choose the
            files again.
          </p>
        ) : null}
        {enhanced ? (
          <div
            className={`file-upload__drop${dragging ? " file-upload__drop--over" : ""}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
          >
            You can also drag files here from your computer: they fill the empty
            slots below.
          </div>
        ) : null}
        <div role="status" className="file-upload__progress">
          {sending > 0
            ? `Sending ${formatBytes(sending)} of files… Keep this page open.`
            : ""}
        </div>
        <div ref={slots}>
          {Array.from({ length: FILE_SLOTS }, (_, index) => {
            const slot = index + 1;
            const fileError = errorFor(errors, slotField("file", slot));
            const descriptionError = errorFor(
              errors,
              slotField("description", slot),
            );
            return (
              <fieldset
                className="fieldset file-upload__slot"
                key={slot}
                aria-describedby={`${idPrefix}file-upload-hint`}
              >
                <legend className="fieldset__legend">
                  Image or file {slot}
                </legend>
                <FormGroup id={`${idPrefix}file-${slot}`} label={`File ${slot}`} error={fileError}>
                  {(describedBy) => (
                    <input
                      className="file-input"
                      type="file"
                      id={`${idPrefix}file-${slot}`}
                      name={slotField("file", slot)}
                      aria-describedby={describedBy}
                      aria-invalid={fileError ? true : undefined}
                    />
                  )}
                </FormGroup>
                <FormGroup
                  id={`${idPrefix}description-${slot}`}
                  label={`Description of image ${slot}, or link text for a document`}
                  hint="Say what the image shows that a reader needs, in a sentence or two, for example: “Flip chart listing three barriers to discharge”."
                  error={descriptionError}
                >
                  {(describedBy) => (
                    <textarea
                      className={`textarea${descriptionError ? " textarea--error" : ""}`}
                      id={`${idPrefix}description-${slot}`}
                      name={slotField("description", slot)}
                      rows={2}
                      defaultValue={values.description[index] ?? ""}
                      aria-describedby={describedBy}
                      aria-invalid={descriptionError ? true : undefined}
                    />
                  )}
                </FormGroup>
                <div className="checkbox">
                  <input
                    className="checkbox__input"
                    type="checkbox"
                    id={`${idPrefix}decorative-${slot}`}
                    name={slotField("decorative", slot)}
                    value="yes"
                    defaultChecked={values.decorative[index] ?? false}
                  />
                  <label
                    className="checkbox__label"
                    htmlFor={`${idPrefix}decorative-${slot}`}
                  >
                    Image {slot} is decorative: it adds nothing a reader needs,
                    so screen readers skip it
                  </label>
                </div>
                <FormGroup id={`${idPrefix}caption-${slot}`} label={`Caption shown under image ${slot} (optional)`}>
                  {() => (
                    <input
                      className="input input--full"
                      type="text"
                      id={`${idPrefix}caption-${slot}`}
                      name={slotField("caption", slot)}
                      defaultValue={values.caption[index] ?? ""}
                      maxLength={300}
                    />
                  )}
                </FormGroup>
              </fieldset>
            );
          })}
        </div>
        {uploadLabel ? (
          <button
            type="submit"
            className="button button--secondary"
            name="intent"
            value="upload"
          >
            {uploadLabel}
          </button>
        ) : null}
      </div>
    </details>
  );
}

/** The bytes of the files a form carries. */
function uploadBytes(form: FormData): number {
  let total = 0;
  for (const value of form.values())
    if (typeof value !== "string") total += value.size;
  return total;
}
