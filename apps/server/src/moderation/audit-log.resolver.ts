import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { AuditEntry } from './audit-entry.entity';
import { AuditEntryConnection } from './audit-log.models';
import { AuditLogService } from './audit-log.service';

@Resolver(() => AuditEntry)
export class AuditLogResolver {
  constructor(
    private readonly log: AuditLogService,
    private readonly accounts: AccountsService,
  ) {}

  @Allow(Access.Moderator)
  @Query(() => AuditEntryConnection, { description: 'Every moderator act, newest first (moderators only).' })
  auditLog(
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AuditEntryConnection> {
    return this.log.auditLog(context.viewer, first, after);
  }

  @ResolveField(() => User, { description: 'Who did it' })
  async actor(@Parent() entry: AuditEntry, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, entry.actorId))!;
  }

  @ResolveField(() => String, { nullable: true, description: 'Where the thing acted on can be seen, e.g. /areas/<slug>; null when it has no page of its own' })
  subjectPath(@Parent() entry: AuditEntry, @Context() context: RequestContext): Promise<string | null> {
    return context.loaders.get<string, string | null>('auditSubjectPaths', (keys) => this.log.subjectPaths(keys)).load(`${entry.subjectType}:${entry.subjectId}`);
  }

  @ResolveField(() => String, { nullable: true, description: 'What the thing was like before, as JSON' })
  before(@Parent() entry: AuditEntry): string | null {
    return entry.before === null ? null : JSON.stringify(entry.before);
  }

  @ResolveField(() => String, { nullable: true, description: 'What the thing was like after, as JSON' })
  after(@Parent() entry: AuditEntry): string | null {
    return entry.after === null ? null : JSON.stringify(entry.after);
  }
}
