import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import { Access, Allow } from '../accounts/access';
import { AccountsService } from '../accounts/accounts.service';
import { User } from '../accounts/user.entity';
import { loadUser } from '../accounts/user-loader';
import type { RequestContext } from '../graphql/request-context';
import {
  DescribeFileInput,
  FilePayload,
  FileUse,
  ModerateFileInput,
  StoredFile,
  StoredFileVersion,
  UploadFilesInput,
  UploadFilesPayload,
  UploadFileVersionInput,
  type FileRecord,
} from './files.models';
import { FilesService } from './files.service';

function loadFile(context: RequestContext, files: FilesService, id: number): Promise<FileRecord | null> {
  return context.loaders.get<number, FileRecord | null>('filesById', (ids) => files.filesByIds(ids)).load(id);
}

/** The doors into FilesService. Each upload mutation also counts against the hourly upload limit there. */
@Resolver(() => StoredFile)
export class FilesResolver {
  constructor(
    private readonly files: FilesService,
    private readonly accounts: AccountsService,
  ) {}

  @Query(() => StoredFile, { nullable: true, description: 'A file by its number (its page is /files/<id>); null when there is none' })
  async file(@Args('id', { type: () => Int }) id: number, @Context() context: RequestContext): Promise<StoredFile | null> {
    const record = await loadFile(context, this.files, id);
    return record ? this.files.present(record, context.viewer) : null;
  }

  @Query(() => [StoredFile], { name: 'files', description: 'Files by their numbers, in the order asked (missing ones left out); at most 100' })
  async filesByIds(@Args('ids', { type: () => [Int] }) ids: number[], @Context() context: RequestContext): Promise<StoredFile[]> {
    const records = await Promise.all(ids.slice(0, 100).map((id) => loadFile(context, this.files, id)));
    return records.filter((record): record is FileRecord => record !== null).map((record) => this.files.present(record, context.viewer));
  }

  @ResolveField(() => User, { nullable: true, description: 'Who uploaded it; null when their account is gone' })
  uploader(@Parent() file: StoredFile, @Context() context: RequestContext): Promise<User | null> | null {
    return file.uploaderId === null ? null : loadUser(context, this.accounts, file.uploaderId);
  }

  @ResolveField(() => [StoredFileVersion], { description: 'Every version, newest first (at most 100)' })
  async versions(@Parent() file: StoredFile): Promise<StoredFileVersion[]> {
    const versions = await this.files.versionsOf(file.id);
    // Copies are shown as the current one is: not of a hidden file, except to moderators.
    return versions.map((version) => this.files.presentVersion(version, file.current.url !== null));
  }

  @ResolveField(() => [FileUse], { description: 'Pages and threads whose current text shows it' })
  usedOn(@Parent() file: StoredFile): Promise<FileUse[]> {
    return this.files.usesOf(file.id);
  }

  @ResolveField(() => Boolean, { description: 'Whether the viewer may describe it or upload a new version: its uploader, or a moderator' })
  async mayEdit(@Parent() file: StoredFile, @Context() context: RequestContext): Promise<boolean> {
    if (!context.viewer) return false;
    context.personal = true;
    const record = await loadFile(context, this.files, file.id);
    return record !== null && this.files.mayEdit(record, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @Mutation(() => UploadFilesPayload, { description: `Uploads files (all or none); each image needs a description or decorative: true` })
  uploadFiles(@Args('input') input: UploadFilesInput, @Context() context: RequestContext): Promise<UploadFilesPayload> {
    return this.files.upload(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @Mutation(() => FilePayload, { description: 'A new version of a file (its uploader or a moderator); the old one stays reachable' })
  uploadFileVersion(@Args('input') input: UploadFileVersionInput, @Context() context: RequestContext): Promise<FilePayload> {
    return this.files.uploadVersion(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => FilePayload, { description: "Changes a file's description or decorative choice (its uploader or a moderator)" })
  describeFile(@Args('input') input: DescribeFileInput, @Context() context: RequestContext): Promise<FilePayload> {
    return this.files.describe(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => FilePayload, { description: 'Hides a file everywhere (a notice in its place); audited' })
  hideFile(@Args('input') input: ModerateFileInput, @Context() context: RequestContext): Promise<FilePayload> {
    return this.files.hide(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => FilePayload, { description: 'Shows a hidden file again; audited' })
  unhideFile(@Args('input') input: ModerateFileInput, @Context() context: RequestContext): Promise<FilePayload> {
    return this.files.unhide(input, context.viewer);
  }
}
