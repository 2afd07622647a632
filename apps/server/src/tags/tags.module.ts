import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Thread } from '../discussions/thread.entity';
import { Page } from '../pages/page.entity';
import { TagsResolver } from './tags.resolver';
import { TagsService } from './tags.service';

/** Keyword tags across pages and threads: `tags` and `tag(name)`. */
@Module({
  imports: [TypeOrmModule.forFeature([Page, Thread])],
  providers: [TagsService, TagsResolver],
})
export class TagsModule {}
