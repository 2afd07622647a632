import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { User } from '../accounts/user.entity';
import { UserError } from '../common/user-error';
import { Upload, type UploadValue } from './upload.scalar';

/** A row of `files` with its current version, as the service reads it. */
export interface FileRecord {
  id: number;
  name: string;
  kind: 'image' | 'document';
  description: string;
  decorative: boolean;
  uploaderId: number | null;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  current: FileVersionRecord;
}

export interface FileVersionRecord {
  id: number;
  fileId: number;
  contentHash: string;
  mediaType: string;
  extension: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  /** Stored copies other than the full-size one: `w320.webp`… */
  variants: { name: string; width: number }[];
  uploaderId: number | null;
  createdAt: Date;
}

@ObjectType('StoredFileVersion', { description: 'One upload of a file; the newest is what pages show, older ones stay reachable' })
export class StoredFileVersion {
  @Field(() => Int) id!: number;
  @Field(() => Int) byteSize!: number;
  @Field({ description: 'A short name of its type: JPEG, PNG, PDF, Text' }) typeLabel!: string;
  @Field(() => Int, { nullable: true }) width!: number | null;
  @Field(() => Int, { nullable: true }) height!: number | null;
  @Field(() => String, { nullable: true, description: 'The full-size copy (metadata stripped); null when the file is hidden (except for moderators)' }) url!: string | null;
  @Field() createdAt!: Date;
  uploaderId!: number | null;
}

@ObjectType('FileUse', { description: 'A page or thread whose current text refers to a file' })
export class FileUse {
  @Field() title!: string;
  @Field({ description: 'Where it is, on this site' }) path!: string;
}

@ObjectType('StoredFile', { description: 'An image or document people put in pages and posts, with its own page at /files/<id>' })
export class StoredFile {
  @Field(() => Int) id!: number;
  @Field({ description: 'The name it was uploaded with' }) name!: string;
  @Field({ description: 'image or document' }) kind!: string;
  @Field({ description: "An image's text alternative, or a document's link text; empty when decorative" }) description!: string;
  @Field({ description: 'Marked decorative on purpose by the uploader: shown with alt=""' }) decorative!: boolean;
  @Field({ description: 'The line that puts it in a text: ![[file:<id>]]' }) reference!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When a moderator hid it: every page then shows a notice in its place' }) hiddenAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The moderator's reason (moderators only)" }) hiddenReason!: string | null;
  @Field(() => StoredFileVersion, { description: 'The version pages show' }) current!: StoredFileVersion;
  uploaderId!: number | null;
}

@InputType()
export class FileUploadInput {
  @Field(() => Upload) file!: UploadValue;
  @Field(() => String, { nullable: true, description: "An image's text alternative (required unless decorative), or a document's link text" }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'The image is decorative on purpose: it gets alt=""' }) decorative?: boolean | null;
}

@InputType()
export class UploadFilesInput {
  @Field(() => [FileUploadInput]) files!: FileUploadInput[];
}

@ObjectType('UploadFilesPayload')
export class UploadFilesPayload {
  @Field(() => [StoredFile], { description: 'The files stored, in the order sent; none when anything was refused (all or nothing)' }) files!: StoredFile[];
  @Field(() => [UserError], { description: 'Problems, each with the field `files.<n>.file` or `files.<n>.description` (n from 0), or `files`' }) errors!: UserError[];
}

@InputType()
export class UploadFileVersionInput {
  @Field(() => Int) fileId!: number;
  @Field(() => Upload) file!: UploadValue;
}

@InputType()
export class DescribeFileInput {
  @Field(() => Int) fileId!: number;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true }) decorative?: boolean | null;
}

@InputType()
export class ModerateFileInput {
  @Field(() => Int) fileId!: number;
  @Field(() => String, { defaultValue: '' }) reason!: string;
}

@ObjectType('FilePayload')
export class FilePayload {
  @Field(() => StoredFile, { nullable: true }) file!: StoredFile | null;
  @Field(() => [UserError]) errors!: UserError[];
}

export { User };
