import type { UserError } from '../common/user-error';
import { reasonProblem as sharedReasonProblem } from '../common/reason-rule';
import { MODERATION_LIMITS } from './moderation.models';

/** A reason for reporting, hiding, showing or dismissing a post: the shared rule, with this limit. */
export function reasonProblem(reason: string, required: boolean): UserError | null {
  return sharedReasonProblem(reason, { maxLength: MODERATION_LIMITS.reasonLength, required });
}
