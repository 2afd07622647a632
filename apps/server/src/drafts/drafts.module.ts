import { Module } from '@nestjs/common';
import { DraftsResolver } from './drafts.resolver';
import { DraftsService } from './drafts.service';

/** Drafts kept on the server, per person: `viewerDraft`, `viewerDrafts`, `saveDraft`, `discardDraft`. */
@Module({ providers: [DraftsService, DraftsResolver] })
export class DraftsModule {}
