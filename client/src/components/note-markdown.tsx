import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Zettel } from '../../../src/modules/zettels/zettels.schemas';
import type { MentionKind } from '../../../src/modules/zettels/zettels.table';
import { t } from '../i18n';
import { ApiFailure, api, call } from '../lib/api';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown';
import { currentCompany } from '../lib/session';
import { MENTION_ROUTES, foldTitle, newNoteHref, noteHref } from './note-bits';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a `[[link]]` or a mention points at for this reader: found (with its title), missing, or not checked yet. */
export type Resolved = { state: 'found'; id: string; title: string } | { state: 'missing' } | { state: 'pending' };

export interface Resolver {
  link(target: string): Resolved;
  mention(kind: MentionKind, id: string): Resolved;
}

const linkKey = (target: string) => (UUID.test(target) ? `id:${target.toLowerCase()}` : `title:${foldTitle(target)}`);
const mentionKey = (kind: MentionKind, id: string) => `${kind}:${id.toLowerCase()}`;
type Ref = { id: string; title: string } | null;

/** Walks a tree for its `[[link]]` targets and mentions. */
function collect(blocks: Block[], links: Set<string>, mentions: Map<string, { kind: MentionKind; id: string }>) {
  const inline = (nodes: Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'wiki') links.add(n.target);
      else if (n.t === 'mention') mentions.set(mentionKey(n.kind, n.id), { kind: n.kind, id: n.id });
      else if (n.t === 'em' || n.t === 'strong' || n.t === 'link') inline(n.c);
    }
  };
  for (const b of blocks) {
    if (b.t === 'heading' || b.t === 'para') inline(b.c);
    else if (b.t === 'quote') collect(b.c, links, mentions);
    else if (b.t === 'list') for (const item of b.items) collect(item, links, mentions);
  }
}

/** The zettel a `[[Title]]` names among search results: the own company's first, then the oldest (as the server). */
async function findByTitle(target: string): Promise<Ref> {
  const key = foldTitle(target);
  const search = target.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim();
  if (!/[\p{L}\p{N}]{2}/u.test(search)) return null;
  const body = await call(api.zettels.$get({ query: { search, limit: '20' } }));
  const own = currentCompany.value?.id;
  const match = body.data
    .filter((z) => foldTitle(z.title) === key)
    .sort((a, b) => Number(b.companyId === own) - Number(a.companyId === own) || a.createdAt.localeCompare(b.createdAt))[0];
  return match ? { id: match.id, title: match.title } : null;
}

async function findById(id: string): Promise<Ref> {
  const body = await call(api.zettels[':id'].$get({ param: { id } }));
  return { id: body.data.id, title: body.data.title };
}

/** A mentioned record's title as the server shows it, read through the owning module's route (its own visibility). */
async function mentionTitle(kind: MentionKind, id: string): Promise<string> {
  switch (kind) {
    case 'job':
      return (await call(api.jobs[':id'].$get({ param: { id } }))).data.title;
    case 'service':
      return (await call(api.services[':id'].$get({ param: { id } }))).data.title;
    case 'asset': {
      const a = (await call(api.cmms.assets[':id'].$get({ param: { id } }))).data;
      return `${a.name} (${a.code})`;
    }
    case 'workorder': {
      const w = (await call(api.cmms.workorders[':id'].$get({ param: { id } }))).data;
      return `${w.number} ${w.title}`;
    }
  }
}

/** A lookup that failed because the record is not there (or not for this reader) is "missing"; others may retry. */
const gone = (err: unknown) => err instanceof ApiFailure && ['NOT_FOUND', 'FORBIDDEN', 'VALIDATION_FAILED', 'BAD_REQUEST'].includes(err.code);

/**
 * Resolves the links and mentions of `body` for the preview: what the saved zettel says (the server's answer is the
 * truth for what was saved), and for what was typed since, a lookup through the same routes the reader could use
 * (the note lists for titles, the owning modules for mentions), a few at a time, after typing pauses.
 */
export function useResolver(zettel: Zettel | null | undefined, blocks: Block[], knownMentions?: ReadonlyMap<string, string>): Resolver {
  const links = useRef(new Map<string, Ref>());
  const mentions = useRef(new Map<string, string | null>());
  const [, setTick] = useState(0);
  // The saved zettel's own resolution, each time a version arrives.
  useMemo(() => {
    links.current = new Map();
    mentions.current = new Map();
    if (!zettel) return;
    for (const l of zettel.links) {
      links.current.set(`id:${l.id}`, l);
      links.current.set(`title:${foldTitle(l.title)}`, l);
    }
    for (const text of zettel.unresolvedLinks) links.current.set(linkKey(text), null);
    for (const m of zettel.mentions) mentions.current.set(mentionKey(m.kind, m.id), m.title);
    for (const m of zettel.unresolvedMentions) mentions.current.set(mentionKey(m.kind, m.id), null);
  }, [zettel?.id, zettel?.version]);
  if (knownMentions) for (const [key, title] of knownMentions) if (!mentions.current.has(key)) mentions.current.set(key, title);

  const wanted = useMemo(() => {
    const l = new Set<string>();
    const m = new Map<string, { kind: MentionKind; id: string }>();
    collect(blocks, l, m);
    return { links: [...l], mentions: [...m.values()] };
  }, [blocks]);
  const unknownLinks = wanted.links.filter((target) => !links.current.has(linkKey(target)));
  const unknownMentions = wanted.mentions.filter((m) => !mentions.current.has(mentionKey(m.kind, m.id)));
  const pendingKey = [...unknownLinks.map(linkKey), ...unknownMentions.map((m) => mentionKey(m.kind, m.id))].join('|');

  useEffect(() => {
    if (!pendingKey) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const jobs = [
        ...unknownLinks.slice(0, 8).map(async (target) => {
          const key = linkKey(target);
          try {
            const ref = UUID.test(target) ? await findById(target.toLowerCase()) : await findByTitle(target);
            links.current.set(key, ref);
          } catch (err) {
            if (gone(err)) links.current.set(key, null);
          }
        }),
        ...unknownMentions.slice(0, 8).map(async (m) => {
          const key = mentionKey(m.kind, m.id);
          try {
            mentions.current.set(key, await mentionTitle(m.kind, m.id));
          } catch (err) {
            if (gone(err)) mentions.current.set(key, null);
          }
        }),
      ];
      await Promise.all(jobs);
      if (!cancelled) setTick((n) => n + 1);
    }, 600);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [pendingKey]);

  return {
    link(target) {
      const key = linkKey(target);
      if (!links.current.has(key)) return { state: 'pending' };
      const ref = links.current.get(key);
      return ref ? { state: 'found', ...ref } : { state: 'missing' };
    },
    mention(kind, id) {
      const key = mentionKey(kind, id);
      if (!mentions.current.has(key)) return { state: 'pending' };
      const title = mentions.current.get(key);
      return title != null ? { state: 'found', id, title } : { state: 'missing' };
    },
  };
}

/** http(s) addresses only; anything else (javascript:, data:, relative paths) is shown as its text. */
function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function Mention({ kind, id, resolver }: { kind: MentionKind; id: string; resolver: Resolver }) {
  const r = resolver.mention(kind, id);
  const kindLabel = t(`zettels.mentions.kinds.${kind}`);
  if (r.state === 'found') {
    const route = MENTION_ROUTES[kind];
    const content = (
      <>
        <span class="mention__kind">{kindLabel}</span> {r.title}
      </>
    );
    return route ? (
      <a class="mention" href={route(id)} data-testid="mention">
        {content}
      </a>
    ) : (
      <span class="mention" data-testid="mention">
        {content}
      </span>
    );
  }
  if (r.state === 'missing') {
    return (
      <span class="mention mention--unavailable" data-testid="mention-unavailable" title={t('zettels.mentions.unavailableHint')}>
        <span class="mention__kind">{kindLabel}</span> {t('zettels.mentions.unavailable')}
      </span>
    );
  }
  return (
    <span class="mention mention--pending">
      <span class="mention__kind">{kindLabel}</span> {t('zettels.mentions.checking')}
    </span>
  );
}

function WikiLink({ target, label, resolver }: { target: string; label: string; resolver: Resolver }) {
  const r = resolver.link(target);
  if (r.state === 'found') {
    return (
      <a class="wikilink" href={noteHref(r.id)} data-testid="wikilink">
        {UUID.test(label) ? r.title : label}
      </a>
    );
  }
  if (r.state === 'missing') {
    // A missing title can be written now; a missing id cannot be created.
    return UUID.test(target) ? (
      <span class="wikilink wikilink--missing" data-testid="wikilink-missing">
        {t('zettels.links.missingNote')}
      </span>
    ) : (
      <a class="wikilink wikilink--missing" href={newNoteHref(target)} data-testid="wikilink-missing" title={t('zettels.links.createHint', { title: target })}>
        {label}
        <span class="sr-only"> ({t('zettels.links.missingCreate')})</span>
      </a>
    );
  }
  return <span class="wikilink wikilink--pending">{label}</span>;
}

function Inlines({ nodes, resolver }: { nodes: Inline[]; resolver: Resolver }) {
  return (
    <>
      {nodes.map((n, i) => {
        switch (n.t) {
          case 'text':
            return n.v;
          case 'code':
            return <code key={i}>{n.v}</code>;
          case 'em':
            return (
              <em key={i}>
                <Inlines nodes={n.c} resolver={resolver} />
              </em>
            );
          case 'strong':
            return (
              <strong key={i}>
                <Inlines nodes={n.c} resolver={resolver} />
              </strong>
            );
          case 'br':
            return <br key={i} />;
          case 'wiki':
            return <WikiLink key={i} target={n.target} label={n.label} resolver={resolver} />;
          case 'mention':
            return <Mention key={i} kind={n.kind} id={n.id} resolver={resolver} />;
          case 'link': {
            const href = safeHref(n.href);
            const label = <Inlines nodes={n.c} resolver={resolver} />;
            return href ? (
              <a key={i} href={href} target="_blank" rel="noopener noreferrer nofollow">
                {label}
                <span class="sr-only"> ({t('zettels.links.newTab')})</span>
              </a>
            ) : (
              <span key={i}>{label}</span>
            );
          }
        }
      })}
    </>
  );
}

function Blocks({ blocks, resolver }: { blocks: Block[]; resolver: Resolver }): ComponentChildren {
  return blocks.map((b, i) => {
    switch (b.t) {
      case 'heading': {
        // The note's title is the page's h1: its headings start one level down.
        const Tag = `h${Math.min(b.level + 1, 6)}` as 'h2';
        return (
          <Tag key={i}>
            <Inlines nodes={b.c} resolver={resolver} />
          </Tag>
        );
      }
      case 'para':
        return (
          <p key={i}>
            <Inlines nodes={b.c} resolver={resolver} />
          </p>
        );
      case 'code':
        return (
          <pre key={i} class="md-code" tabIndex={0}>
            <code>{b.v}</code>
          </pre>
        );
      case 'quote':
        return (
          <blockquote key={i}>
            <Blocks blocks={b.c} resolver={resolver} />
          </blockquote>
        );
      case 'hr':
        return <hr key={i} />;
      case 'list': {
        // A tight item (one paragraph) shows its text without a paragraph's margins.
        const items = b.items.map((item, j) => (
          <li key={j}>{item.length === 1 && item[0]!.t === 'para' ? <Inlines nodes={item[0]!.c} resolver={resolver} /> : <Blocks blocks={item} resolver={resolver} />}</li>
        ));
        return b.ordered ? (
          <ol key={i} start={b.start}>
            {items}
          </ol>
        ) : (
          <ul key={i}>{items}</ul>
        );
      }
    }
  }) as ComponentChildren;
}

/** A note's Markdown as elements (never as HTML): `blocks` from `parseMarkdown`, links and mentions through `resolver`. */
export function MarkdownView({ blocks, resolver, testId }: { blocks: Block[]; resolver: Resolver; testId?: string }) {
  return (
    <div class="md" data-testid={testId}>
      <Blocks blocks={blocks} resolver={resolver} />
    </div>
  );
}

/** `parseMarkdown`, remembered per text; a long text is re-read at most every 150 ms while it changes. */
export function useMarkdown(text: string): Block[] {
  const [source, setSource] = useState(text);
  useEffect(() => {
    if (text === source) return;
    if (text.length < 20_000) return setSource(text);
    const timer = setTimeout(() => setSource(text), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const current = text.length < 20_000 ? text : source;
  return useMemo(() => parseMarkdown(current), [current]);
}
