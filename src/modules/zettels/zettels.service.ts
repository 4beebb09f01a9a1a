import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { z } from 'zod';
import { authorOf, type Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { ApiError, conflict, forbidden, notFound } from '../../core/errors';
import { commit, when } from '../../core/events/outbox';
import { zettelEvent } from './zettels.events';
import { resolveMentions } from './zettels.mentions';
import { parseBody, titleKey } from './zettels.parser';
import {
  deleteLinks,
  deleteMentions,
  getRevision,
  getZettelRow,
  graphOf,
  insertLinks,
  insertMentions,
  keepRevision,
  listRevisions,
  listTrash,
  listZettels,
  loadZettelParts,
  tagCounts,
  type SummaryRow,
} from './zettels.queries';
import type { graphQuery, revisionListQuery, trashQuery, Zettel, zettelCreate, ZettelListQuery, zettelPatch, ZettelSummary } from './zettels.schemas';
import { zettels, type Visibility, type ZettelRow } from './zettels.table';
import { canEdit, zettelViewerOf } from './zettels.visibility';

const toSummary = (caller: Caller, r: SummaryRow): ZettelSummary => ({
  id: r.id,
  companyId: r.companyId,
  authorId: r.authorId,
  authorName: r.authorName,
  title: r.title,
  excerpt: r.excerpt,
  tags: r.tags,
  visibility: r.visibility,
  version: r.version,
  canEdit: canEdit(caller, r),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
  deletedAt: r.deletedAt,
});

/**
 * A zettel as `caller` may see it: links and backlinks resolved over what they (and, for links, its author) can see,
 * mentions resolved through each owning module's rule. Undefined when they cannot see it.
 */
async function zettelFor(ctx: Ctx, caller: Caller, id: string, deleted: boolean | 'any' = false): Promise<Zettel | undefined> {
  const parts = await loadZettelParts(ctx.db, zettelViewerOf(caller), id, deleted);
  if (!parts) return undefined;
  const { row } = parts;
  const links: { id: string; title: string }[] = [];
  const unresolved: string[] = [];
  const linked = new Set<string>();
  for (const l of parts.links) {
    if (l.targetId === null || l.targetTitle === null) {
      if (!unresolved.includes(l.text)) unresolved.push(l.text);
    } else if (!linked.has(l.targetId)) {
      linked.add(l.targetId);
      links.push({ id: l.targetId, title: l.targetTitle });
    }
  }
  const mentions = await resolveMentions(ctx, caller, parts.mentions);
  return {
    id: row.id,
    companyId: row.companyId,
    authorId: row.authorId,
    authorName: row.authorName,
    title: row.title,
    body: row.body,
    tags: row.tags,
    visibility: row.visibility,
    version: row.version,
    canEdit: canEdit(caller, row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
    deletedAt: row.deletedAt,
    links,
    unresolvedLinks: unresolved,
    mentions: mentions.resolved,
    unresolvedMentions: mentions.unresolved,
    backlinks: parts.backlinks.map((b) => ({ id: b.id, title: b.title })),
  };
}

async function mustSee(ctx: Ctx, caller: Caller, id: string, deleted: boolean | 'any' = false) {
  const row = await getZettelRow(ctx.db, zettelViewerOf(caller), id, deleted);
  if (!row) throw notFound('Zettel');
  return row;
}

/** Visible (else 404) and changeable by the caller (else 403: a partner's, or someone else's without admin rights). */
async function mustEdit(ctx: Ctx, caller: Caller, id: string, deleted: boolean | 'any' = false) {
  const row = await mustSee(ctx, caller, id, deleted);
  if (!canEdit(caller, row)) {
    throw forbidden(row.companyId !== caller.companyId ? "Another company's zettels are read-only" : 'Only its author or a company admin can change this zettel');
  }
  return row;
}

/** 409 with the current zettel as the caller sees it, so the client can merge without another read. */
async function stale(ctx: Ctx, caller: Caller, id: string): Promise<never> {
  const current = await zettelFor(ctx, caller, id);
  if (!current) throw notFound('Zettel');
  throw conflict(`This zettel was changed meanwhile (now version ${current.version}); merge your changes into it and save again`, current);
}

function refuseKeyPersonal(caller: Caller, visibility: Visibility | undefined) {
  if (caller.kind === 'apiKey' && visibility === 'personal') throw new ApiError('FORBIDDEN', 'An API key cannot read or write personal zettels');
}

export async function list(ctx: Ctx, caller: Caller, q: ZettelListQuery) {
  const { rows, total, estimated } = await listZettels(ctx.db, zettelViewerOf(caller), q);
  return { rows: rows.map((r) => toSummary(caller, r)), total, estimated: estimated === true };
}

export async function get(ctx: Ctx, caller: Caller, id: string) {
  const z = await zettelFor(ctx, caller, id);
  if (!z) throw notFound('Zettel');
  return z;
}

export async function create(ctx: Ctx, caller: Caller, body: z.output<typeof zettelCreate>) {
  refuseKeyPersonal(caller, body.visibility);
  const parsed = parseBody(body.body);
  const id = crypto.randomUUID();
  const writeId = crypto.randomUUID();
  const row = {
    id,
    companyId: caller.companyId,
    authorId: authorOf(caller),
    title: body.title,
    titleKey: titleKey(body.title),
    body: body.body,
    tags: body.tags,
    visibility: body.visibility,
    version: 1,
    writeId,
    ...createdBy(caller.id),
  };
  const ev = await zettelEvent(ctx, 'zettels.zettel.created', row, caller.id);
  const writes: BatchItem<'sqlite'>[] = [ctx.db.insert(zettels).values(row)];
  if (parsed.links.length) writes.push(insertLinks(ctx.db, id, writeId, parsed.links));
  if (parsed.mentions.length) writes.push(insertMentions(ctx.db, id, writeId, parsed.mentions));
  await commit(ctx, writes as [BatchItem<'sqlite'>], [ev]);
  return (await zettelFor(ctx, caller, id))!;
}

interface Content {
  title: string;
  body: string;
  tags: string[];
  visibility: Visibility;
}

/**
 * Saves `next` as version `base + 1`, guarded in SQL: the revision of `base` is kept and the row updated only while
 * the row is still at `base`, and the links, mentions and event of this write apply only if that update did (its
 * write id). Of two saves based on the same version, exactly one wins; the other answers 409 with the winner.
 */
async function saveVersion(ctx: Ctx, caller: Caller, current: ZettelRow, base: number, next: Content, extra: Record<string, unknown>) {
  const changes = (['title', 'body', 'tags', 'visibility'] as const).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]));
  if (changes.length === 0) return (await zettelFor(ctx, caller, current.id))!;
  const writeId = crypto.randomUUID();
  const now = nowIso();
  const after = { ...current, ...next, version: base + 1 };
  const ev = await zettelEvent(ctx, 'zettels.zettel.updated', after, caller.id, { changes, ...extra }, current.visibility);
  const guard = and(eq(zettels.id, current.id), eq(zettels.version, base), isNull(zettels.deletedAt));
  const writes: BatchItem<'sqlite'>[] = [
    keepRevision(ctx.db, current.id, base),
    ctx.db
      .update(zettels)
      .set({ ...next, titleKey: titleKey(next.title), version: base + 1, writeId, ...updatedBy(caller.id, now) })
      .where(guard)
      .returning({ id: zettels.id }),
  ];
  if (changes.includes('body')) {
    const parsed = parseBody(next.body);
    writes.push(deleteLinks(ctx.db, current.id, writeId), deleteMentions(ctx.db, current.id, writeId));
    if (parsed.links.length) writes.push(insertLinks(ctx.db, current.id, writeId, parsed.links));
    if (parsed.mentions.length) writes.push(insertMentions(ctx.db, current.id, writeId, parsed.mentions));
  }
  const [, updated] = (await commit(ctx, writes as [BatchItem<'sqlite'>], [when(ev, zettels, and(eq(zettels.id, current.id), eq(zettels.writeId, writeId))!)])) as unknown[];
  if ((updated as unknown[]).length === 0) return stale(ctx, caller, current.id);
  return (await zettelFor(ctx, caller, current.id))!;
}

export async function update(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof zettelPatch>) {
  const current = await mustEdit(ctx, caller, id);
  refuseKeyPersonal(caller, patch.visibility);
  if (patch.visibility === 'personal' && current.visibility !== 'personal' && current.authorId !== caller.id) {
    throw forbidden('Only its author can make a zettel personal');
  }
  if (patch.version !== current.version) return stale(ctx, caller, id);
  const { version, ...fields } = patch;
  const next: Content = {
    title: fields.title ?? current.title,
    body: fields.body ?? current.body,
    tags: fields.tags ?? current.tags,
    visibility: fields.visibility ?? current.visibility,
  };
  return saveVersion(ctx, caller, current, version, next, {});
}

/** Moves a zettel to the trash (soft delete); it keeps its version, links and history. */
export async function remove(ctx: Ctx, caller: Caller, id: string) {
  const current = await mustEdit(ctx, caller, id);
  const writeId = crypto.randomUUID();
  const ev = await zettelEvent(ctx, 'zettels.zettel.deleted', current, caller.id);
  await commit(
    ctx,
    [ctx.db.update(zettels).set({ deletedAt: nowIso(), writeId }).where(and(eq(zettels.id, id), isNull(zettels.deletedAt)))],
    [when(ev, zettels, and(eq(zettels.id, id), eq(zettels.writeId, writeId))!)],
  );
  const z = await zettelFor(ctx, caller, id, true);
  if (!z) throw notFound('Zettel');
  return z;
}

/** Takes a zettel out of the trash (same rights as deleting it). */
export async function undelete(ctx: Ctx, caller: Caller, id: string) {
  const current = await mustEdit(ctx, caller, id, 'any');
  if (current.deletedAt === null) throw conflict('This zettel is not in the trash');
  const writeId = crypto.randomUUID();
  const ev = await zettelEvent(ctx, 'zettels.zettel.created', current, caller.id, { restored: true });
  await commit(
    ctx,
    [ctx.db.update(zettels).set({ deletedAt: null, writeId }).where(and(eq(zettels.id, id), isNotNull(zettels.deletedAt)))],
    [when(ev, zettels, and(eq(zettels.id, id), eq(zettels.writeId, writeId))!)],
  );
  return (await zettelFor(ctx, caller, id))!;
}

export async function trash(ctx: Ctx, caller: Caller, q: z.output<typeof trashQuery>) {
  const page = await listTrash(ctx.db, { userId: caller.id, companyId: caller.companyId, companyAdmin: caller.role === 'admin_empresa' || caller.kind === 'apiKey' }, q);
  return { rows: page.rows.map((r) => toSummary(caller, r)), total: page.total };
}

export async function revisions(ctx: Ctx, caller: Caller, id: string, q: z.output<typeof revisionListQuery>) {
  const current = await mustSee(ctx, caller, id);
  const page = await listRevisions(ctx.db, zettelViewerOf(caller), current, q);
  return {
    rows: page.rows.map((r) => ({ version: r.version, title: r.title, body: r.body, tags: r.tags, visibility: r.visibility, editedBy: r.editedBy, createdAt: r.createdAt })),
    total: page.total,
  };
}

/** Saves an earlier version's title, body and tags as a new version (its visibility stays as it is now). */
export async function restoreRevision(ctx: Ctx, caller: Caller, id: string, version: number) {
  const current = await mustEdit(ctx, caller, id);
  const revision = await getRevision(ctx.db, zettelViewerOf(caller), current, version);
  if (!revision) throw notFound('Revision');
  return saveVersion(ctx, caller, current, current.version, { title: revision.title, body: revision.body, tags: revision.tags, visibility: current.visibility }, { restoredFrom: version });
}

export const tags = (ctx: Ctx, caller: Caller) => tagCounts(ctx.db, zettelViewerOf(caller));

export const graph = (ctx: Ctx, caller: Caller, q: z.output<typeof graphQuery>) => graphOf(ctx.db, zettelViewerOf(caller), q.tag);
