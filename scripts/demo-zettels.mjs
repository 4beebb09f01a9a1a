// Demo zettels: a small linked knowledge base. Acme's procedures link to each other and mention demo jobs; one is
// shared with Globex (partners), whose own note links back to it; a personal note; an unresolved link to a note
// nobody wrote yet. Asset and work-order mentions come with the CMMS module.
import { demoId, insert, q } from './demo-data.mjs';

const hoursAgo = (h) => new Date(Date.now() - h * 3_600_000).toISOString();
const job = (title) => demoId(`job:${title}`);

export const ZETTELS = [
  {
    key: 'pump-procedure',
    company: 'acme',
    author: 'owner@acme.test',
    title: 'Pump maintenance procedure',
    visibility: 'company',
    tags: ['procedure', 'pumps'],
    body: `# Pump maintenance procedure

1. Isolate the pump: follow [[Lockout-tagout]] before anything else.
2. Check vibration and bearing temperature; log them in the shift report.
3. Leaking seal? See [[Seal replacement]].
4. Book a technician through @job:${job('Técnico de manutenção industrial')} when the repair needs two people.

Planning the quarterly service: @job:${job('Maintenance planner')}.`,
  },
  {
    key: 'lockout',
    company: 'acme',
    author: 'owner@acme.test',
    title: 'Lockout-tagout',
    visibility: 'partners',
    tags: ['procedure', 'safety'],
    body: `# Lockout-tagout (LOTO)

Shared with our partner companies: everyone working on our sites follows it.

- Announce the shutdown, switch the equipment off, **lock and tag** every energy source.
- Verify zero energy (try the start button, measure).
- Only the person who placed a lock removes it.

Used by [[Pump maintenance procedure]] and [[HVAC seasonal check]].`,
  },
  {
    key: 'seal',
    company: 'acme',
    author: 'staff@acme.test',
    title: 'Seal replacement',
    visibility: 'company',
    tags: ['pumps', 'how-to'],
    body: `# Seal replacement

Part of the [[pump maintenance procedure]] (links ignore case and accents).

Tools: seal kit, torque wrench, food-safe grease. Torque values are in the manufacturer's manual; for the line 2 pumps use \`45 Nm\`.

Needs a hydraulics specialist: @job:${job('Técnico de manutenção industrial')}.`,
  },
  {
    key: 'hvac',
    company: 'acme',
    author: 'staff@acme.test',
    title: 'HVAC seasonal check',
    visibility: 'partners',
    tags: ['hvac', 'procedure'],
    body: `# HVAC seasonal check

Before summer and before winter, on every rooftop unit:

- [[Lockout-tagout]] the unit.
- Filters, belts, refrigerant pressure, condensate drain.
- Partners' technicians welcome: @job:${job('HVAC service technician')}.`,
  },
  {
    key: 'onboarding',
    company: 'acme',
    author: 'owner@acme.test',
    title: 'Onboarding for technicians',
    visibility: 'company',
    tags: ['onboarding'],
    body: `# Onboarding for technicians

Week 1: read [[Lockout-tagout]], [[Pump maintenance procedure]] and [[HVAC seasonal check]].
Week 2: shadow a colleague; the [[Safety induction]] note is still to be written.`,
  },
  {
    key: 'shift-notes',
    company: 'acme',
    author: 'staff@acme.test',
    title: 'My shift notes',
    visibility: 'personal',
    tags: ['personal'],
    body: `Pump 3 on line 2 sounded rough again; re-read [[Seal replacement]] before Thursday.`,
  },
  {
    key: 'welding-safety',
    company: 'globex',
    author: 'owner@globex.test',
    title: 'Welding safety on partner sites',
    visibility: 'partners',
    tags: ['safety', 'welding'],
    body: `# Welding safety on partner sites

On Acme's sites the [[Lockout-tagout]] procedure applies to us too.
Hot-work permit first; fire watch for 30 minutes after. Open role: @job:${job('Welder for structural repairs')}.`,
  },
  {
    key: 'dispatch',
    company: 'globex',
    author: 'staff@globex.test',
    title: 'Dispatch playbook',
    visibility: 'company',
    tags: ['dispatch'],
    body: `Call the customer 30 minutes before arrival. Escalate SLA risks to @job:${job('Dispatcher')}'s shift lead.`,
  },
  {
    key: 'runbook',
    company: 'initech',
    author: 'owner@initech.test',
    title: 'Network runbook',
    visibility: 'company',
    tags: ['networking'],
    body: `Reboot order: modem, router, switches. Document every change in the ticket.`,
  },
];

/** The same folding as the server's `titleKey` (src/modules/zettels/zettels.parser.ts). */
export const titleKey = (t) => t.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();

/**
 * Links and mentions of the demo bodies. They hold no code blocks or escapes around links, so this short pass finds
 * what the server's parser finds (test/zettels.test.ts checks it against `parseBody`).
 */
export function demoRefs(body) {
  const links = new Map();
  for (const m of body.matchAll(/\[\[([^[\]\n|]+)(?:\|[^[\]\n]*)?\]\]/g)) {
    const text = m[1].trim();
    links.has(titleKey(text)) || links.set(titleKey(text), { kind: 'title', target: titleKey(text), text });
  }
  const mentions = new Map();
  for (const m of body.matchAll(/@(job|asset|workorder|service):([0-9a-f-]{36})/g)) mentions.set(`${m[1]}:${m[2]}`, { kind: m[1], id: m[2] });
  return { links: [...links.values()], mentions: [...mentions.values()] };
}

export function zettelSeedStatements() {
  const out = [];
  ZETTELS.forEach((z, i) => {
    const id = demoId(`zettel:${z.key}`);
    const at = hoursAgo(6 * (ZETTELS.length - i));
    const author = demoId(`user:${z.author}`);
    out.push(
      insert('zettels', {
        id,
        company_id: demoId(`company:${z.company}`),
        author_id: author,
        title: z.title,
        title_key: titleKey(z.title),
        body: z.body,
        tags: JSON.stringify(z.tags),
        visibility: z.visibility,
        version: 1,
        write_id: demoId(`zettel-write:${z.key}`),
        created_at: at,
        updated_at: at,
        created_by: author,
        updated_by: author,
      }),
    );
    const { links, mentions } = demoRefs(z.body);
    // Keyed on the zettel's seq, read back by its fixed id (idempotent: the primary key is (seq, ord)).
    links.forEach((l, ord) =>
      out.push(`INSERT OR IGNORE INTO zettel_links (zettel_seq, ord, kind, target, text) SELECT seq, ${ord}, 'title', ${q(l.target)}, ${q(l.text)} FROM zettels WHERE id = ${q(id)};`),
    );
    mentions.forEach((m, ord) =>
      out.push(`INSERT OR IGNORE INTO zettel_mentions (zettel_seq, ord, kind, ref_id) SELECT seq, ${ord}, ${q(m.kind)}, ${q(m.id)} FROM zettels WHERE id = ${q(id)};`),
    );
  });
  return out;
}
