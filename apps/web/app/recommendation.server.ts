import type { TadaDocumentNode } from 'gql.tada';
import { data, redirect, type AppLoadContext } from 'react-router';
import type { FormError } from './forms';
import { field, formMutation, type MutationPayload } from './forms.server';
import { ChangeSummaryFields, StarFields, ThreadRowFields } from './fragments';
import { graphql, type ResultOf } from './graphql';

/**
 * The star forms of a recommendation's page (/recommendations/:id), one entry per `intent` they
 * send: which form it is (the answer's `form`, so its problems are shown there), the mutation and
 * its input from the form's fields, and the word put in the address once done (`?updated=`).
 * The page's query is here too, so its components can name the types of what it shows.
 */

export const RECOMMENDATION_QUERY = graphql(
  `
    query Recommendation($id: Int!) {
      recommendation(id: $id) {
        id
        text
        status
        createdAt
        viewerHasStarred
        area { slug title archivedAt }
        mergedInto { id }
        shownOn { slug }
        stars { ...StarFields }
        threads { ...ThreadRowFields }
        history(first: 50) {
          totalCount
          edges {
            node {
              id ...ChangeSummaryFields
              revision { id }
            }
          }
        }
      }
    }
  `,
  [ThreadRowFields, StarFields, ChangeSummaryFields],
);

export type RecommendationData = NonNullable<ResultOf<typeof RECOMMENDATION_QUERY>['recommendation']>;

const MARK_REALISTIC = graphql(`mutation MarkRealistic($input: MarkRealisticInput!) { markRealistic(input: $input) { errors { field message code } } }`);
const WITHDRAW_STAR = graphql(`mutation WithdrawStar($input: WithdrawStarInput!) { withdrawStar(input: $input) { errors { field message code } } }`);
const REMOVE_STAR = graphql(`mutation RemoveStar($input: RemoveStarInput!) { removeStar(input: $input) { errors { field message code } } }`);

/** What a star form sends back when it could not do what was asked. */
export interface RecommendationAnswer {
  errors: FormError[];
  /** Which form the errors belong to: "star", "withdraw" or "remove-<starId>". */
  form: string;
  values: { reason: string };
  submission: string;
}

const NOT_HERE = 'That is not something this page can do';

interface Entry<Payload extends MutationPayload, Input> {
  document: TadaDocumentNode<{ [name: string]: Payload | null }, { input: Input }>;
  /** Which form, and its mutation's input from the form's fields; or only the form, when it names nothing. */
  read: (form: FormData, recommendationId: number) => { form: string; input?: Input };
  /** In the address after success (`?updated=`). */
  updated: string;
}

interface RecommendationIntent {
  updated: string;
  run(context: AppLoadContext, request: Request, form: FormData, recommendationId: number): Promise<{ form: string; errors: FormError[] }>;
}

function intent<Payload extends MutationPayload, Input>({ document, read, updated }: Entry<Payload, Input>): RecommendationIntent {
  return {
    updated,
    async run(context, request, form, recommendationId) {
      const sent = read(form, recommendationId);
      if (sent.input === undefined) return { form: sent.form, errors: [{ field: null, message: NOT_HERE }] };
      const { errors } = await formMutation(context, request, document, { input: sent.input });
      return { form: sent.form, errors };
    },
  };
}

export const RECOMMENDATION_INTENTS: Record<string, RecommendationIntent> = {
  star: intent({
    document: MARK_REALISTIC,
    read: (form, recommendationId) => ({ form: 'star', input: { recommendationId, reason: field(form, 'reason') } }),
    updated: 'starred',
  }),
  withdraw: intent({
    document: WITHDRAW_STAR,
    read: (_form, recommendationId) => ({ form: 'withdraw', input: { recommendationId } }),
    updated: 'withdrawn',
  }),
  remove: intent({
    document: REMOVE_STAR,
    read: (form) => {
      const starId = field(form, 'starId');
      // A moderator's form names the mark it removes; one naming none is not one of this page's forms.
      if (!/^\d+$/.test(starId)) return { form: 'remove' };
      return { form: `remove-${Number(starId)}`, input: { starId: Number(starId), reason: field(form, 'reason') } };
    },
    updated: 'removed',
  }),
};

/** The three star forms: mark (with a reason), withdraw my mark, and a moderator's "remove this mark". */
export async function recommendationAction(context: AppLoadContext, request: Request, form: FormData, recommendationId: number) {
  const intentSent = field(form, 'intent');
  const reason = field(form, 'reason');
  const entry = Object.hasOwn(RECOMMENDATION_INTENTS, intentSent) ? RECOMMENDATION_INTENTS[intentSent] : null;
  const { form: which, errors } = entry ? await entry.run(context, request, form, recommendationId) : { form: intentSent, errors: [{ field: null, message: NOT_HERE }] };
  if (errors.length > 0) {
    return data({ errors, form: which, values: { reason }, submission: crypto.randomUUID() } satisfies RecommendationAnswer, { status: 400 });
  }
  return redirect(`/recommendations/${recommendationId}?updated=${entry!.updated}#stars`, 303);
}
