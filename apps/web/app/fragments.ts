import { graphql, type ResultOf } from './graphql';

// The selections that components show, shared by the documents that feed them. Kept out of the
// components' own modules so that the browser bundle carries only their types, not gql.tada's parser.

/** The signed-in person as every page's header and banner need them. */
export const ViewerFields = graphql(`
  fragment ViewerFields on User { username displayName role suspended suspendedReason }
`);

export type Viewer = ResultOf<typeof ViewerFields>;

/** What a row shows; `viewerWatching` gives it a Watch control for signed-in people. */
export const ThreadRowFields = graphql(`
  fragment ThreadRowFields on Thread {
    id subject replyCount lastPostAt starter { username displayName } lastPostBy { username displayName } viewerWatching
  }
`);

export type ThreadRow = ResultOf<typeof ThreadRowFields>;

/** A star as the recommendation lists show it: who, why and when. */
export const StarFields = graphql(`
  fragment StarFields on Star { id reason createdAt user { username displayName } }
`);

export type StarView = ResultOf<typeof StarFields>;

/** The `details` fields describeChange reads; every query of changes asks for them. */
export const ChangeDetailsFields = graphql(`
  fragment ChangeDetailsFields on Change {
    details { fromTitle toTitle featured merged revertedToRevisionId recommendationText fromText fromAreaTitle toAreaTitle areaTitle areaAction starOwnerUsername }
  }
`);

export type ChangeDetailsView = ResultOf<typeof ChangeDetailsFields>['details'];
