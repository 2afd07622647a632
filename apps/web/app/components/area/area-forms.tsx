import type { FormError, FormProblem } from '../../forms';

/**
 * What the area page's forms share: the answer to the form sent last (when it could not be done)
 * and which form that was. Each form's intent is the one its action table entry has
 * (area.server.ts); the field ids below are where each intent's problems are shown.
 */
export interface AreaForms {
  /** What the person typed in the form that failed, to fill it in again. */
  values: Record<string, string>;
  /** New for every answer, so the forms are drawn afresh. */
  submission: string;
  /** The problems of one form: the intent that failed, for this recommendation (or the area). */
  errorsOf: (intents: string | string[], recommendationId?: number) => FormError[] | undefined;
}

export function areaForms(answer: FormProblem | undefined): AreaForms {
  const values = answer?.values ?? {};
  const intent = values.intent ?? '';
  const failedId = values.recommendationId ?? '';
  return {
    values,
    submission: answer?.submission ?? '',
    errorsOf: (intents, recommendationId) => {
      if (!answer?.errors || !(Array.isArray(intents) ? intents : [intents]).includes(intent)) return undefined;
      if (recommendationId !== undefined && failedId !== String(recommendationId)) return undefined;
      return answer.errors;
    },
  };
}

/** The ids of the fields each intent's problems belong to, by field name (the error summary links to them). */
const FIELD_IDS: Record<string, (r: string, id: string) => Record<string, string>> = {
  propose: () => ({ text: 'propose-text', areaId: 'propose-text' }),
  rename: () => ({ title: 'area-title', reason: 'area-title-reason', areaId: 'area-title' }),
  describe: () => ({ description: 'area-description', reason: 'area-description-reason', areaId: 'area-description' }),
  archiveArea: () => ({ reason: 'area-archive-reason', areaId: 'area-archive-reason' }),
  restoreArea: () => ({ reason: 'area-archive-reason', areaId: 'area-archive-reason' }),
  up: (r) => ({ position: `${r}-position`, recommendationId: `${r}-position` }),
  down: (r) => ({ position: `${r}-position`, recommendationId: `${r}-position` }),
  position: (r) => ({ position: `${r}-position`, recommendationId: `${r}-position` }),
  moveTo: (r) => ({ areaId: `${r}-target`, reason: `${r}-move-reason`, recommendationId: `${r}-target` }),
  reword: (r) => ({ text: `${r}-text`, reason: `${r}-reword-reason`, recommendationId: `${r}-text` }),
  merge: (r) => ({ intoId: `${r}-into`, recommendationId: `${r}-into`, reason: `${r}-into` }),
  archive: (r) => ({ reason: `${r}-archive-reason`, recommendationId: `${r}-archive-reason` }),
  restore: (_r, id) => ({ recommendationId: `restore-${id}` }),
  seen: (r) => ({ recommendationId: `${r}-seen` }),
};

/** The field ids of the form that failed; an unknown form's problems are shown at the heading. */
export function areaFieldIds(values: Record<string, string>): Record<string, string> {
  const intent = values.intent ?? '';
  const id = values.recommendationId ?? '';
  return Object.hasOwn(FIELD_IDS, intent) ? FIELD_IDS[intent](`r-${id}`, id) : { form: 'area-heading' };
}

export function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

export function Hidden({ name, value }: { name: string; value: string | number }) {
  return <input type="hidden" name={name} value={value} />;
}
