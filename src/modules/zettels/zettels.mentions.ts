import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { scopeOf } from '../../core/tenancy/scope';
import { visibleAssetTitles, visibleWorkOrderTitles } from '../cmms/cmms.queries';
import { visibleJobTitles } from '../jobs/jobs.queries';
import { visibleServiceTitles } from '../services/services.queries';
import type { MentionKind } from './zettels.table';

/**
 * Resolves mentioned records of one kind for a reader: the `{ id, title }` of those among `ids` that `caller` may see
 * by the owning module's own rule. Whatever it leaves out stays unresolved for that reader (no title is shown).
 */
export type MentionResolver = (ctx: Ctx, caller: Caller, ids: readonly string[]) => Promise<{ id: string; title: string }[]>;

/**
 * One resolver per kind of mentionable record, each through its module's own visibility. A kind without one (its
 * module removed) resolves to nothing.
 */
export const mentionResolvers: Partial<Record<MentionKind, MentionResolver>> = {
  job: (ctx, caller, ids) => visibleJobTitles(ctx.db, scopeOf(caller), ids),
  service: (ctx, caller, ids) => visibleServiceTitles(ctx.db, scopeOf(caller), ids),
  asset: (ctx, caller, ids) => visibleAssetTitles(ctx.db, scopeOf(caller), ids),
  workorder: (ctx, caller, ids) => visibleWorkOrderTitles(ctx.db, scopeOf(caller), ids),
};

/** Resolves every mention for the reader: one query per kind present; results are kept only for ids asked for. */
export async function resolveMentions(
  ctx: Ctx,
  caller: Caller,
  mentions: readonly { kind: MentionKind; id: string }[],
  resolvers: Partial<Record<MentionKind, MentionResolver>> = mentionResolvers,
) {
  const byKind = new Map<MentionKind, string[]>();
  for (const m of mentions) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m.id]);
  const titles = new Map<string, string>();
  await Promise.all(
    [...byKind].map(async ([kind, ids]) => {
      const resolve = resolvers[kind];
      if (!resolve) return;
      const asked = new Set(ids);
      for (const r of await resolve(ctx, caller, ids)) if (asked.has(r.id)) titles.set(`${kind}:${r.id}`, r.title);
    }),
  );
  const resolved: { kind: MentionKind; id: string; title: string }[] = [];
  const unresolved: { kind: MentionKind; id: string }[] = [];
  for (const m of mentions) {
    const title = titles.get(`${m.kind}:${m.id}`);
    if (title === undefined) unresolved.push({ kind: m.kind, id: m.id });
    else resolved.push({ kind: m.kind, id: m.id, title });
  }
  return { resolved, unresolved };
}
