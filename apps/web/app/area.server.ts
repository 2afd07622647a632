import type { TadaDocumentNode } from 'gql.tada';
import { redirect, type AppLoadContext } from 'react-router';
import {
  ARCHIVE_AREA,
  ARCHIVE_RECOMMENDATION,
  DESCRIBE_AREA,
  MARK_RECOMMENDATION_SEEN,
  MERGE_RECOMMENDATIONS,
  MOVE_RECOMMENDATION_TO_AREA,
  PROPOSE_RECOMMENDATION,
  RENAME_AREA,
  REORDER_RECOMMENDATION,
  RESTORE_AREA,
  RESTORE_RECOMMENDATION,
  REWORD_RECOMMENDATION,
} from './curation-documents';
import { shortText } from './curation';
import type { FormError } from './forms';
import { field, formMutation, type FormMutation, intField, keep, type MutationPayload, problem } from './forms.server';

/**
 * The forms of an area's page (/areas/:slug), one entry per `intent` the forms send: which id the
 * form names, how its fields become the mutation's input, the mutation, and, once it is done, the
 * word put in the address (`?done=`) and what the page then says.
 */

/** What an area's change answers: the area, at its (perhaps new) address. */
type AreaChange = MutationPayload & { readonly area: { readonly slug: string } | null };
/** What a recommendation's change answers: the recommendation that is left, and its area. */
type RecommendationChange = MutationPayload & { readonly recommendation: { readonly id: number; readonly area: { readonly slug: string } | null } | null };

/** The recommendation a confirmation is about: its words, and its place in the list if it is listed. */
interface Changed {
  name: string;
  place: string;
}

interface Entry<Payload extends AreaChange | RecommendationChange, Input> {
  /** The id every form of this intent sends, and what the page says when it is missing. */
  names: 'areaId' | 'recommendationId';
  missing?: string;
  document: TadaDocumentNode<{ [name: string]: Payload | null }, { input: Input }>;
  /** The mutation's input from the form's fields, or what is wrong with them. */
  read: (form: FormData, id: number) => { input: Input } | FormError;
  /** In the address after success (`?done=`). */
  done: string;
  /** What the page says once it shows the result. */
  said: string | ((changed: Changed) => string);
  /** Where the page opens, for a changed recommendation (its place in the list by default). */
  anchor?: (id: number) => string;
}

/** An entry with its types checked against its document, then kept for the table. */
interface AreaIntent {
  names: Entry<AreaChange, unknown>['names'];
  missing?: string;
  done: string;
  said: Entry<AreaChange, unknown>['said'];
  anchor?: (id: number) => string;
  run(context: AppLoadContext, request: Request, form: FormData, id: number): Promise<FormMutation<AreaChange | RecommendationChange>>;
}

function intent<Payload extends AreaChange | RecommendationChange, Input>({ document, read, ...entry }: Entry<Payload, Input>): AreaIntent {
  return {
    ...entry,
    async run(context, request, form, id) {
      const sent = read(form, id);
      if (!('input' in sent)) return { ok: false, payload: null, errors: [sent], retryAfterSeconds: null };
      return formMutation(context, request, document, { input: sent.input });
    },
  };
}

const reason = (form: FormData) => field(form, 'reason');

export const AREA_INTENTS: Record<string, AreaIntent> = {
  propose: intent({
    names: 'areaId',
    missing: 'Choose an area',
    document: PROPOSE_RECOMMENDATION,
    read: (form, areaId) => ({ input: { areaId, text: field(form, 'text') } }),
    done: 'proposed',
    said: ({ name }) => `Your recommendation ${name} has been added. It is marked as new until a moderator has seen it.`,
  }),
  rename: intent({
    names: 'areaId',
    document: RENAME_AREA,
    read: (form, areaId) => ({ input: { areaId, title: field(form, 'title'), reason: reason(form) } }),
    done: 'renamed',
    said: 'The area has been renamed.',
  }),
  describe: intent({
    names: 'areaId',
    document: DESCRIBE_AREA,
    read: (form, areaId) => ({ input: { areaId, description: field(form, 'description'), reason: reason(form) } }),
    done: 'described',
    said: 'The area’s description has been changed.',
  }),
  archiveArea: intent({
    names: 'areaId',
    document: ARCHIVE_AREA,
    read: (form, areaId) => ({ input: { areaId, reason: reason(form) } }),
    done: 'area-archived',
    said: 'The area has been archived. It no longer appears in the lists; this page stays reachable and it can be restored.',
  }),
  restoreArea: intent({
    names: 'areaId',
    document: RESTORE_AREA,
    read: (form, areaId) => ({ input: { areaId, reason: reason(form) } }),
    done: 'area-restored',
    said: 'The area has been restored.',
  }),
  up: intent({
    names: 'recommendationId',
    document: REORDER_RECOMMENDATION,
    read: (_form, recommendationId) => ({ input: { recommendationId, direction: 'Up' as const } }),
    done: 'up',
    said: ({ name, place }) => `${name} moved.${place}`,
  }),
  down: intent({
    names: 'recommendationId',
    document: REORDER_RECOMMENDATION,
    read: (_form, recommendationId) => ({ input: { recommendationId, direction: 'Down' as const } }),
    done: 'down',
    said: ({ name, place }) => `${name} moved.${place}`,
  }),
  position: intent({
    names: 'recommendationId',
    document: REORDER_RECOMMENDATION,
    read: (form, recommendationId) => {
      const position = intField(field(form, 'position'));
      if (position === null || position < 1) return { field: 'position', message: 'Enter a position as a whole number, 1 or more' };
      return { input: { recommendationId, position } };
    },
    done: 'position',
    said: ({ name, place }) => `${name} moved.${place}`,
  }),
  moveTo: intent({
    names: 'recommendationId',
    document: MOVE_RECOMMENDATION_TO_AREA,
    read: (form, recommendationId) => {
      const areaId = intField(field(form, 'targetAreaId'));
      if (areaId === null) return { field: 'areaId', message: 'Choose the area to move it to' };
      return { input: { recommendationId, areaId, reason: reason(form) } };
    },
    done: 'moved',
    said: ({ name, place }) => `${name} moved to this area.${place}`,
  }),
  reword: intent({
    names: 'recommendationId',
    document: REWORD_RECOMMENDATION,
    read: (form, recommendationId) => ({ input: { recommendationId, text: field(form, 'text'), reason: reason(form) } }),
    done: 'reworded',
    said: ({ name }) => `The recommendation now reads ${name}.`,
  }),
  merge: intent({
    names: 'recommendationId',
    document: MERGE_RECOMMENDATIONS,
    read: (form, recommendationId) => {
      const intoId = intField(field(form, 'intoId'));
      if (intoId === null) return { field: 'intoId', message: 'Choose the recommendation to merge it into' };
      return { input: { recommendationId, intoId, reason: reason(form) } };
    },
    done: 'merged',
    said: ({ name }) => `Merged into ${name}. Its stars, threads and history are now here.`,
  }),
  archive: intent({
    names: 'recommendationId',
    document: ARCHIVE_RECOMMENDATION,
    read: (form, recommendationId) => ({ input: { recommendationId, reason: reason(form) } }),
    done: 'archived',
    said: ({ name }) => `${name} has been archived. It no longer appears in the list; its page stays reachable and it can be restored.`,
    anchor: (id) => `archived-${id}`,
  }),
  restore: intent({
    names: 'recommendationId',
    document: RESTORE_RECOMMENDATION,
    read: (_form, recommendationId) => ({ input: { recommendationId } }),
    done: 'restored',
    said: ({ name, place }) => `${name} has been restored, at the end of the list.${place}`,
  }),
  seen: intent({
    names: 'recommendationId',
    document: MARK_RECOMMENDATION_SEEN,
    read: (_form, recommendationId) => ({ input: { recommendationId } }),
    done: 'seen',
    said: ({ name }) => `${name} is marked as seen.`,
  }),
};

/** Every field the forms send, kept to fill a form in again after a problem. */
const KEPT = ['intent', 'recommendationId', 'areaId', 'targetAreaId', 'intoId', 'text', 'reason', 'position', 'title', 'description'];
const CHOOSE = 'Choose what to change, using the forms on this page';

/** The area page's action: the intent's mutation, then back to the page saying what was done. */
export async function areaAction(context: AppLoadContext, request: Request, form: FormData, slug: string) {
  const values = keep(form, KEPT);
  const entry = Object.hasOwn(AREA_INTENTS, field(form, 'intent')) ? AREA_INTENTS[field(form, 'intent')] : null;
  if (!entry) return problem([{ field: null, message: CHOOSE }], values);
  const id = intField(field(form, entry.names));
  if (id === null) return problem([{ field: null, message: entry.missing ?? CHOOSE }], values);
  const done = await entry.run(context, request, form, id);
  if (!done.ok) return problem(done.errors, values);
  const back = (where: string, changed: number | null, anchor: string) => redirect(`/areas/${encodeURIComponent(where)}?done=${entry.done}${changed !== null ? `&r=${changed}` : ''}#${anchor}`, 303);
  if ('area' in done.payload) return back(done.payload.area!.slug, null, 'area-heading');
  const left = done.payload.recommendation!;
  return back(left.area?.slug ?? slug, left.id, (entry.anchor ?? ((id) => `recommendation-${id}`))(left.id));
}

interface AreaShown {
  recommendations: readonly { id: number; text: string }[];
  archivedRecommendations: readonly { id: number; text: string }[];
}

/** What the last act did, said once the page shows the result (after post/redirect/get). */
export function areaConfirmation(done: string | null, subject: number | null, area: AreaShown): string | null {
  const entry = done ? Object.values(AREA_INTENTS).find((candidate) => candidate.done === done) : undefined;
  if (!entry) return null;
  if (typeof entry.said === 'string') return entry.said;
  const item = [...area.recommendations, ...area.archivedRecommendations].find((row) => row.id === subject);
  if (!item) return null;
  const where = area.recommendations.findIndex((row) => row.id === item.id) + 1;
  const place = where > 0 ? ` It is now ${where} of ${area.recommendations.length}.` : '';
  return entry.said({ name: `“${shortText(item.text, 80)}”`, place });
}
