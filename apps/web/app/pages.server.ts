import { graphql, type ResultOf } from './graphql';

const PageEditFields = graphql(`
  fragment PageEditFields on PageEditPayload {
    outcome page { slug title } revision { id }
    conflict { yourText mergedText currentRevision { id body createdAt summary author { username displayName } } parts { mine theirs base } }
    errors { field message code }
  }
`);

/** What the page mutations answer (`PageEditPayload` in the schema); its conflict, when there is one. */
export type EditConflictView = NonNullable<ResultOf<typeof PageEditFields>['conflict']>;

export const CREATE_PAGE = graphql(`mutation CreatePage($input: CreatePageInput!) { createPage(input: $input) { ...PageEditFields } }`, [PageEditFields]);
export const SAVE_PAGE = graphql(`mutation SavePage($input: SavePageInput!) { savePage(input: $input) { ...PageEditFields } }`, [PageEditFields]);
export const REVERT_PAGE = graphql(`mutation RevertPage($input: RevertPageInput!) { revertPage(input: $input) { ...PageEditFields } }`, [PageEditFields]);
