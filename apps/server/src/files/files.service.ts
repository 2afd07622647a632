import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fileReference } from '@commonplace/markdown';
import { DataSource, type EntityManager } from 'typeorm';
import { Access, actsAsModerator, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import type { UserError, UserErrorCode } from '../common/user-error';
import { AuditService } from '../moderation/audit.service';
import { reasonProblem } from '../moderation/moderation-rules';
import { cleanFileName, FILE_LIMITS, IMAGE_TYPES, sniffDocument, type AcceptedType } from './file-rules';
import { FILE_STORE, type FileStore } from './file-store';
import {
  type DescribeFileInput,
  type FilePayload,
  type FileRecord,
  type FileUse,
  type FileVersionRecord,
  type ModerateFileInput,
  type StoredFile,
  type StoredFileVersion,
  type UploadFileVersionInput,
  type UploadFilesInput,
  type UploadFilesPayload,
} from './files.models';
import { ImageRefused, processImage, type ProcessedCopy } from './image-processing';
import { readUpload, type UploadValue } from './upload.scalar';

const problem = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });

/** An upload read, checked and processed, not yet stored. */
interface Prepared {
  name: string;
  type: AcceptedType;
  hash: string;
  width: number | null;
  height: number | null;
  copies: ProcessedCopy[];
  description: string;
  decorative: boolean;
}

const FILE_COLUMNS = `f.id, f.name, f.kind, f.description, f.decorative, f.uploader_id, f.created_at, f.hidden_at, f.hidden_reason,
  v.id AS version_id, v.content_hash, v.media_type, v.extension, v.byte_size, v.width, v.height, v.variants, v.uploader_id AS version_uploader_id, v.created_at AS version_created_at`;
/** Each file with its newest version. */
export const FILES_WITH_CURRENT = `FROM files f CROSS JOIN LATERAL (SELECT * FROM file_versions WHERE file_id = f.id ORDER BY id DESC LIMIT 1) v`;

/** The columns of a stored version that say what its copies are (both files' and versions' reads take them). */
export interface VersionCopyColumns {
  content_hash: string;
  media_type: string;
  extension: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  variants: { name: string; width: number }[];
}

function versionCopyOf(row: VersionCopyColumns) {
  return {
    contentHash: row.content_hash,
    mediaType: row.media_type,
    extension: row.extension,
    byteSize: row.byte_size,
    width: row.width,
    height: row.height,
    variants: row.variants,
  };
}

interface FileRow extends VersionCopyColumns {
  id: number;
  name: string;
  kind: 'image' | 'document';
  description: string;
  decorative: boolean;
  uploader_id: number | null;
  created_at: Date;
  hidden_at: Date | null;
  hidden_reason: string | null;
  version_id: number;
  version_uploader_id: number | null;
  version_created_at: Date;
}

export function toFileRecord(row: FileRow): FileRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    decorative: row.decorative,
    uploaderId: row.uploader_id,
    createdAt: row.created_at,
    hiddenAt: row.hidden_at,
    hiddenReason: row.hidden_reason,
    current: {
      id: row.version_id,
      fileId: row.id,
      ...versionCopyOf(row),
      uploaderId: row.version_uploader_id,
      createdAt: row.version_created_at,
    },
  };
}

/** The address of a stored copy: content-addressed, so it can be cached for good. */
export function copyUrl(hash: string, name: string): string {
  return `/files/${hash}/${name}`;
}

export function typeLabelOf(mediaType: string): string {
  const image = Object.values(IMAGE_TYPES).find((type) => type.mediaType === mediaType);
  if (image) return image.label;
  return mediaType === 'application/pdf' ? 'PDF' : 'Text';
}

/**
 * Images and files (issue 15): upload (checked, processed and stored all or nothing), new versions,
 * descriptions, and moderators' hiding. Reading for pages goes through FileCatalogue.
 */
@Injectable()
export class FilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly audit: AuditService,
  ) {}

  async filesByIds(ids: readonly number[]): Promise<(FileRecord | null)[]> {
    const rows: FileRow[] = await this.dataSource.query(`SELECT ${FILE_COLUMNS} ${FILES_WITH_CURRENT} WHERE f.id = ANY($1)`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, toFileRecord(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async versionsOf(fileId: number): Promise<FileVersionRecord[]> {
    const rows: (VersionCopyColumns & { id: number; file_id: number; uploader_id: number | null; created_at: Date })[] = await this.dataSource.query(
      'SELECT id, file_id, content_hash, media_type, extension, byte_size, width, height, variants, uploader_id, created_at FROM file_versions WHERE file_id = $1 ORDER BY id DESC LIMIT 100',
      [fileId],
    );
    return rows.map((row) => ({
      id: row.id,
      fileId: row.file_id,
      ...versionCopyOf(row),
      uploaderId: row.uploader_id,
      createdAt: row.created_at,
    }));
  }

  /** Pages and threads whose current text refers to the file (at most 50 of each). */
  async usesOf(fileId: number): Promise<FileUse[]> {
    const whole = `%![[file:${fileId}]]%`;
    const captioned = `%![[file:${fileId}|%`;
    const pages: { title: string; slug: string }[] = await this.dataSource.query(
      `SELECT p.title, p.slug FROM pages p JOIN revisions r ON r.id = p.current_revision_id
       WHERE p.deleted_at IS NULL AND (r.body LIKE $1 OR r.body LIKE $2) ORDER BY p.title LIMIT 50`,
      [whole, captioned],
    );
    const threads: { id: number; subject: string }[] = await this.dataSource.query(
      `SELECT DISTINCT t.id, t.subject FROM threads t JOIN replies r ON r.thread_id = t.id
       WHERE t.hidden_at IS NULL AND r.hidden_at IS NULL AND r.deleted_at IS NULL AND (r.body LIKE $1 OR r.body LIKE $2) ORDER BY t.id LIMIT 50`,
      [whole, captioned],
    );
    return [...pages.map((page) => ({ title: page.title, path: `/wiki/${page.slug}` })), ...threads.map((thread) => ({ title: thread.subject, path: `/threads/${thread.id}` }))];
  }

  /** The file as this viewer may see it: a hidden file's copies only for moderators. */
  present(record: FileRecord, viewer: Viewer | null): StoredFile {
    const showCopies = !record.hiddenAt || actsAsModerator(viewer);
    return {
      id: record.id,
      name: record.name,
      kind: record.kind,
      description: record.description,
      decorative: record.decorative,
      reference: fileReference(record.id),
      createdAt: record.createdAt,
      hiddenAt: record.hiddenAt,
      hiddenReason: actsAsModerator(viewer) ? record.hiddenReason : null,
      current: this.presentVersion(record.current, showCopies),
      uploaderId: record.uploaderId,
    };
  }

  presentVersion(version: FileVersionRecord, showCopies: boolean): StoredFileVersion {
    return {
      id: version.id,
      byteSize: version.byteSize,
      typeLabel: typeLabelOf(version.mediaType),
      width: version.width,
      height: version.height,
      url: showCopies ? copyUrl(version.contentHash, `original.${version.extension}`) : null,
      createdAt: version.createdAt,
      uploaderId: version.uploaderId,
    };
  }

  /** Whether the viewer may describe the file or give it a new version: its uploader, or a moderator. */
  mayEdit(record: FileRecord, viewer: Viewer | null): boolean {
    if (!viewer || viewer.user.suspendedAt) return false;
    return record.uploaderId === viewer.user.id || actsAsModerator(viewer);
  }

  /**
   * Stores every file sent, or none: each is read (bounded), typed from its content, checked for a
   * description, processed; only when all passed, and the person's quota and hourly limit allow
   * them, are the copies written to the store and the rows inserted.
   */
  async upload(input: UploadFilesInput, viewer: Viewer | null): Promise<UploadFilesPayload> {
    assertAccess(viewer, Access.SignedIn);
    const refused = (errors: UserError[]): UploadFilesPayload => ({ files: [], errors });
    if (input.files.length === 0) return refused([problem('files', 'FILE_REQUIRED', 'Choose a file to upload')]);
    if (input.files.length > FILE_LIMITS.filesPerUpload) {
      return refused([problem('files', 'TOO_MANY_FILES', `Upload at most ${FILE_LIMITS.filesPerUpload} files at a time`)]);
    }
    const errors: UserError[] = [];
    const prepared: Prepared[] = [];
    for (const [index, item] of input.files.entries()) {
      const outcome = await this.prepare(item.file, `files.${index}`, item.description ?? '', Boolean(item.decorative), true);
      if ('errors' in outcome) errors.push(...outcome.errors);
      else prepared.push(outcome);
    }
    if (errors.length > 0) return refused(errors);
    const limit = await this.limitProblem(viewer!, prepared);
    if (limit) return refused([limit]);
    await this.storeCopies(prepared);
    const outcome = await this.dataSource.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(15, $1)', [viewer!.user.id]);
      const late = await this.limitProblem(viewer!, prepared, db);
      if (late) return late;
      const ids: number[] = [];
      for (const file of prepared) {
        const [{ id }]: { id: number }[] = await db.query(
          'INSERT INTO files (name, kind, description, decorative, uploader_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [file.name, file.type.kind, file.description, file.decorative, viewer!.user.id],
        );
        await this.insertVersion(db, id, file, viewer!);
        ids.push(id);
      }
      return ids;
    });
    if (!Array.isArray(outcome)) return refused([outcome]);
    const records = await this.filesByIds(outcome);
    return { files: records.map((record) => this.present(record!, viewer)), errors: [] };
  }

  /** A new version of a file: the same kind (an image stays an image, so its description still fits). */
  async uploadVersion(input: UploadFileVersionInput, viewer: Viewer | null): Promise<FilePayload> {
    assertAccess(viewer, Access.SignedIn);
    const [record] = await this.filesByIds([input.fileId]);
    if (!record) return { file: null, errors: [problem('fileId', 'FILE_NOT_FOUND', 'There is no such file')] };
    assertEditor(record, viewer, this);
    const prepared = await this.prepare(input.file, 'file', record.description, record.decorative, false);
    if ('errors' in prepared) return { file: null, errors: prepared.errors };
    if (prepared.type.kind !== record.kind) {
      const what = record.kind === 'image' ? 'an image' : 'a document (PDF or text)';
      return { file: null, errors: [problem('file', 'FILE_KIND_CHANGED', `This file is ${what}: a new version must be ${what} too. Upload other kinds as a new file.`)] };
    }
    const limit = await this.limitProblem(viewer!, [prepared]);
    if (limit) return { file: null, errors: [{ ...limit, field: 'file' }] };
    await this.storeCopies([prepared]);
    const late = await this.dataSource.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(15, $1)', [viewer!.user.id]);
      const problemNow = await this.limitProblem(viewer!, [prepared], db);
      if (problemNow) return problemNow;
      await this.insertVersion(db, record.id, prepared, viewer!);
      return null;
    });
    if (late) return { file: null, errors: [{ ...late, field: 'file' }] };
    const [updated] = await this.filesByIds([record.id]);
    return { file: this.present(updated!, viewer), errors: [] };
  }

  async describe(input: DescribeFileInput, viewer: Viewer | null): Promise<FilePayload> {
    assertAccess(viewer, Access.SignedIn);
    const [record] = await this.filesByIds([input.fileId]);
    if (!record) return { file: null, errors: [problem('fileId', 'FILE_NOT_FOUND', 'There is no such file')] };
    assertEditor(record, viewer, this);
    const description = (input.description ?? '').trim();
    const decorative = record.kind === 'image' && Boolean(input.decorative);
    const error = descriptionProblem('description', record.kind, description, decorative);
    if (error) return { file: null, errors: [error] };
    await this.dataSource.query('UPDATE files SET description = $2, decorative = $3 WHERE id = $1', [record.id, description, decorative]);
    const [updated] = await this.filesByIds([record.id]);
    return { file: this.present(updated!, viewer), errors: [] };
  }

  /** Hides a file everywhere (pages show a notice; its copies are no longer served), audited. */
  async hide(input: ModerateFileInput, viewer: Viewer | null): Promise<FilePayload> {
    return this.setHidden(input, viewer, true);
  }

  async unhide(input: ModerateFileInput, viewer: Viewer | null): Promise<FilePayload> {
    return this.setHidden(input, viewer, false);
  }

  private async setHidden(input: ModerateFileInput, viewer: Viewer | null, hide: boolean): Promise<FilePayload> {
    assertAccess(viewer, Access.Moderator);
    const reason = input.reason.trim();
    const error = reasonProblem(reason, hide);
    if (error) return { file: null, errors: [error] };
    const outcome = await this.dataSource.transaction(async (db) => {
      const [row]: { hidden_at: Date | null; hidden_reason: string | null }[] = await db.query('SELECT hidden_at, hidden_reason FROM files WHERE id = $1 FOR UPDATE', [input.fileId]);
      if (!row) return problem('fileId', 'FILE_NOT_FOUND', 'There is no such file');
      if (hide && row.hidden_at) return problem(null, 'ALREADY_HIDDEN', 'This file is already hidden');
      if (!hide && !row.hidden_at) return problem(null, 'NOT_HIDDEN', 'This file is not hidden');
      await db.query(
        hide ? 'UPDATE files SET hidden_at = now(), hidden_by_id = $2, hidden_reason = $3 WHERE id = $1' : 'UPDATE files SET hidden_at = NULL, hidden_by_id = NULL, hidden_reason = NULL WHERE id = $1',
        hide ? [input.fileId, viewer!.user.id, reason] : [input.fileId],
      );
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: hide ? 'file.hidden' : 'file.unhidden',
        subjectType: 'file',
        subjectId: input.fileId,
        before: hide ? { hidden: false } : { hidden: true, hiddenReason: row.hidden_reason },
        after: { hidden: hide },
        reason,
      });
      return null;
    });
    if (outcome) return { file: null, errors: [outcome] };
    const [updated] = await this.filesByIds([input.fileId]);
    return { file: this.present(updated!, viewer), errors: [] };
  }

  /** Reads and checks one upload; `field` prefixes its problems (`files.0` → `files.0.file`). */
  private async prepare(value: UploadValue, field: string, rawDescription: string, decorative: boolean, askDescription: boolean): Promise<Prepared | { errors: UserError[] }> {
    const fileField = field === 'file' ? 'file' : `${field}.file`;
    const descriptionField = `${field}.description`;
    const read = await readUpload(value, FILE_LIMITS.fileBytes);
    const mb = FILE_LIMITS.fileBytes / 1024 / 1024;
    if (read === 'too-large') return { errors: [problem(fileField, 'FILE_TOO_LARGE', `This file is larger than ${mb} MB, the most we take for one file. Make it smaller (a photo can be saved at a lower resolution) and upload it again.`)] };
    const name = cleanFileName(read.name);
    if (read.bytes.length === 0) return { errors: [problem(fileField, 'FILE_EMPTY', `${name} is empty: choose the file again, or another one`)] };
    const description = rawDescription.trim();
    const errors: UserError[] = [];
    if (description.length > FILE_LIMITS.descriptionLength) {
      errors.push(problem(descriptionField, 'DESCRIPTION_TOO_LONG', `The description must be ${FILE_LIMITS.descriptionLength.toLocaleString('en-GB')} characters or fewer`));
    }
    let image;
    try {
      image = await processImage(read.bytes);
    } catch (error) {
      if (!(error instanceof ImageRefused)) throw error;
      return { errors: [problem(fileField, 'FILE_TYPE_REFUSED', `${name}: ${error.message}`), ...errors] };
    }
    if (image) {
      if (askDescription && errors.length === 0) {
        const missing = descriptionProblem(descriptionField, 'image', description, decorative);
        if (missing) errors.push({ ...missing, message: `${missing.message} (${name})` });
      }
      if (errors.length > 0) return { errors };
      const original = image.copies[0];
      return { name, type: image.type, hash: sha256(original.bytes), width: image.width, height: image.height, copies: image.copies, description, decorative };
    }
    const type = sniffDocument(read.bytes, name);
    if ('refused' in type) return { errors: [problem(fileField, 'FILE_TYPE_REFUSED', `${name}: ${type.refused}`), ...errors] };
    if (errors.length > 0) return { errors };
    return { name, type, hash: sha256(read.bytes), width: null, height: null, copies: [{ variant: 'original', extension: type.extension, bytes: read.bytes, width: null }], description, decorative: false };
  }

  /** The person's quota or hourly limit, if these uploads would pass either. */
  private async limitProblem(viewer: Viewer, files: Prepared[], db: DataSource | EntityManager = this.dataSource): Promise<UserError | null> {
    const [usage]: { used: string; recent: number }[] = await db.query(
      `SELECT coalesce(sum(byte_size), 0) AS used, count(*) FILTER (WHERE created_at > now() - interval '1 hour')::int AS recent
       FROM file_versions WHERE uploader_id = $1`,
      [viewer.user.id],
    );
    if (usage.recent + files.length > FILE_LIMITS.uploadsPerHour) {
      return problem('files', 'UPLOAD_RATE_LIMITED', `You have uploaded ${usage.recent} files in the last hour; ${FILE_LIMITS.uploadsPerHour} an hour is the most. Try again later: your text is kept.`);
    }
    const adding = files.reduce((sum, file) => sum + file.copies[0].bytes.length, 0);
    if (Number(usage.used) + adding > FILE_LIMITS.quotaBytes) {
      const left = Math.max(0, FILE_LIMITS.quotaBytes - Number(usage.used));
      return problem('files', 'QUOTA_EXCEEDED', `These files would take you past your ${FILE_LIMITS.quotaBytes / 1024 / 1024} MB of uploads (${(left / 1024 / 1024).toFixed(1)} MB left). Ask a moderator to remove files you no longer need.`);
    }
    return null;
  }

  private async storeCopies(files: Prepared[]): Promise<void> {
    // Content-addressed: a copy already stored (the same picture uploaded before) is not written again.
    for (const file of files) {
      for (const copy of file.copies) await this.store.put(`${file.hash}/${copy.variant}.${copy.extension}`, copy.bytes, copy.extension === 'webp' ? 'image/webp' : file.type.mediaType);
    }
  }

  private async insertVersion(db: EntityManager, fileId: number, file: Prepared, viewer: Viewer): Promise<void> {
    const variants = file.copies.filter((copy) => copy.variant !== 'original').map((copy) => ({ name: `${copy.variant}.${copy.extension}`, width: copy.width }));
    await db.query(
      `INSERT INTO file_versions (file_id, content_hash, media_type, extension, byte_size, width, height, variants, uploader_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [fileId, file.hash, file.type.mediaType, file.type.extension, file.copies[0].bytes.length, file.width, file.height, JSON.stringify(variants), viewer.user.id],
    );
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An image needs a description or the decorative choice, not both. */
function descriptionProblem(field: string, kind: 'image' | 'document', description: string, decorative: boolean): UserError | null {
  if (description.length > FILE_LIMITS.descriptionLength) return problem(field, 'DESCRIPTION_TOO_LONG', `The description must be ${FILE_LIMITS.descriptionLength.toLocaleString('en-GB')} characters or fewer`);
  if (kind !== 'image') return null;
  if (decorative && description) return problem(field, 'DESCRIPTION_AND_DECORATIVE', 'Either describe the image or mark it as decorative, not both');
  if (!decorative && !description) return problem(field, 'DESCRIPTION_REQUIRED', 'Describe the image for people who cannot see it, or mark it as decorative');
  return null;
}

function assertEditor(record: FileRecord, viewer: Viewer | null, files: FilesService): void {
  if (files.mayEdit(record, viewer)) return;
  // The same refusal as any other forbidden act (the form shows the 403 page).
  assertAccess(viewer, Access.Moderator);
}
