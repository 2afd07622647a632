import { graphql } from './graphql';

// The curation and moderation mutations the forms run (through formMutation in forms.server.ts).
// Each answers its payload and `errors`, which the form shows beside the fields they name.

export const CREATE_AREA = graphql(`
  mutation CreateArea($input: CreateAreaInput!) {
    createArea(input: $input) { area { slug } errors { field message code } }
  }
`);

export const MOVE_AREA = graphql(`
  mutation MoveArea($input: MoveAreaInput!) {
    moveArea(input: $input) { area { slug } errors { field message code } }
  }
`);

export const RENAME_AREA = graphql(`
  mutation RenameArea($input: RenameAreaInput!) {
    renameArea(input: $input) { area { slug } errors { field message code } }
  }
`);

export const DESCRIBE_AREA = graphql(`
  mutation DescribeArea($input: DescribeAreaInput!) {
    describeArea(input: $input) { area { slug } errors { field message code } }
  }
`);

export const ARCHIVE_AREA = graphql(`
  mutation ArchiveArea($input: AreaReasonInput!) {
    archiveArea(input: $input) { area { slug } errors { field message code } }
  }
`);

export const RESTORE_AREA = graphql(`
  mutation RestoreArea($input: AreaReasonInput!) {
    restoreArea(input: $input) { area { slug } errors { field message code } }
  }
`);

export const PROPOSE_RECOMMENDATION = graphql(`
  mutation ProposeRecommendation($input: ProposeRecommendationInput!) {
    proposeRecommendation(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const REORDER_RECOMMENDATION = graphql(`
  mutation ReorderRecommendation($input: ReorderRecommendationInput!) {
    reorderRecommendation(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const MOVE_RECOMMENDATION_TO_AREA = graphql(`
  mutation MoveRecommendationToArea($input: MoveRecommendationToAreaInput!) {
    moveRecommendationToArea(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const REWORD_RECOMMENDATION = graphql(`
  mutation RewordRecommendation($input: RewordRecommendationInput!) {
    rewordRecommendation(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const MERGE_RECOMMENDATIONS = graphql(`
  mutation MergeRecommendations($input: MergeRecommendationsInput!) {
    mergeRecommendations(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const ARCHIVE_RECOMMENDATION = graphql(`
  mutation ArchiveRecommendation($input: RecommendationReasonInput!) {
    archiveRecommendation(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const RESTORE_RECOMMENDATION = graphql(`
  mutation RestoreRecommendation($input: RecommendationReasonInput!) {
    restoreRecommendation(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const MARK_RECOMMENDATION_SEEN = graphql(`
  mutation MarkRecommendationSeen($input: MarkRecommendationSeenInput!) {
    markRecommendationSeen(input: $input) { recommendation { id area { slug } } errors { field message code } }
  }
`);

export const FLAG_POST = graphql(`
  mutation FlagPost($input: FlagPostInput!) {
    flagPost(input: $input) { flag { id } errors { field message code } }
  }
`);

export const HIDE_POST = graphql(`
  mutation HidePost($input: ModeratePostInput!) {
    hidePost(input: $input) { thread { id } reply { id } errors { field message code } }
  }
`);

export const UNHIDE_POST = graphql(`
  mutation UnhidePost($input: ModeratePostInput!) {
    unhidePost(input: $input) { thread { id } reply { id } errors { field message code } }
  }
`);

export const DISMISS_FLAGS = graphql(`
  mutation DismissFlags($input: ModeratePostInput!) {
    dismissFlags(input: $input) { thread { id } reply { id } errors { field message code } }
  }
`);

export const LOCK_THREAD = graphql(`
  mutation LockThread($input: ModerateThreadInput!) {
    lockThread(input: $input) { thread { id } reply { id } errors { field message code } }
  }
`);

export const UNLOCK_THREAD = graphql(`
  mutation UnlockThread($input: ModerateThreadInput!) {
    unlockThread(input: $input) { thread { id } reply { id } errors { field message code } }
  }
`);

export const PIN_THREAD = graphql(`
  mutation PinThread($input: ModerateThreadInput!) {
    pinThread(input: $input) { thread { id } reply { id } errors { field message code } }
  }
`);

export const UNPIN_THREAD = graphql(`
  mutation UnpinThread($input: ModerateThreadInput!) {
    unpinThread(input: $input) { thread { id } reply { id } errors { field message code } }
  }
`);

export const MOVE_THREAD = graphql(`
  mutation MoveThread($input: MoveThreadInput!) {
    moveThread(input: $input) { thread { id } errors { field message code } }
  }
`);
