import { graphql, type ResultOf } from './graphql';

// The selections that components show, shared by the documents that feed them. Kept out of the
// components' own modules so that the browser bundle carries only their types, not gql.tada's parser.

/** A person as names and links show them (PersonName). */
export const PersonFields = graphql(`
  fragment PersonFields on User { username displayName }
`);

export type PersonSummary = ResultOf<typeof PersonFields>;

/** One run of words in a comparison (WordDiff): the same, added or removed. */
export const DiffPartFields = graphql(`
  fragment DiffPartFields on DiffPart { kind text }
`);

export type DiffPartView = ResultOf<typeof DiffPartFields>;

/** The signed-in person as every page's header and banner need them. */
export const ViewerFields = graphql(`
  fragment ViewerFields on User { username displayName role suspended suspendedReason mustSetUpTwoStep }
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

/** A change as lists and the latest-update line describe it (describeChange): every query of changes spreads it. */
export const ChangeSummaryFields = graphql(
  `
  fragment ChangeSummaryFields on Change {
    kind note createdAt recommendationCount
    ...ChangeDetailsFields
    actor { username displayName }
    revision { wordsAdded wordsRemoved }
  }
`,
  [ChangeDetailsFields],
);

export type ChangeView = ResultOf<typeof ChangeSummaryFields>;

/** The page's latest change, with the revisions its "view changes" link compares. */
export const LatestChangeFields = graphql(
  `
  fragment LatestChangeFields on Change {
    ...ChangeSummaryFields
    revision { id previousRevisionId }
  }
`,
  [ChangeSummaryFields],
);

export type LatestChangeView = ResultOf<typeof LatestChangeFields>;

/** A recommendation as the area lists show it (RecommendationAreas): its words and its stars. */
export const RecommendationFields = graphql(
  `
  fragment RecommendationFields on Recommendation { id text stars { ...StarFields } }
`,
  [StarFields],
);

export type RecommendationView = ResultOf<typeof RecommendationFields>;

/** An area with its recommendations, as a page that lists them shows it. */
export const AreaFields = graphql(
  `
  fragment AreaFields on Area { id slug title description recommendations { ...RecommendationFields } }
`,
  [RecommendationFields],
);

export type AreaView = ResultOf<typeof AreaFields>;
