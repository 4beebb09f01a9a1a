import type { Hono } from 'hono';
import type { z } from 'zod';
import type { Caller } from './auth/caller';
import type { AccessRule } from './auth/roles';
import type { Ctx } from './context';
import type { HonoEnv } from './env';
import type { EventEnvelope, EventMessage, EventSpec, LiveDelivery, QueueMessage } from './events/types';
import type { Recipient } from './tenancy/tenancy.queries';

/** A subscriber of the events Queue: runs for every event whose type it `matches`; must be idempotent by event id. */
export interface EventHandler {
  name: string;
  matches(type: string): boolean;
  handle(message: EventMessage, ctx: Ctx): Promise<void>;
}

export type MessageOutcome = { kind: 'done' } | { kind: 'retry'; delaySeconds: number };

/** A module's own queue message kind (e.g. one webhook delivery), and what to record when it is dead-lettered. */
export interface MessageHandler {
  kind: string;
  handle(message: QueueMessage, ctx: Ctx, attempts: number): Promise<MessageOutcome>;
  deadLettered?(message: QueueMessage, ctx: Ctx): Promise<void>;
}

/** How one event type becomes notifications: who receives it, what they read, which item repeats fold into. */
export interface NotificationRule {
  /** Recipients; the notifications module keeps only those inside the event's audience. */
  to(event: EventEnvelope, ctx: Ctx, partnerCompanyIds: string[]): Promise<Recipient[]>;
  title(data: Record<string, unknown>, count: number): string;
  body(data: Record<string, unknown>): string;
  /** Repeated unread events with the same key fold into one notification ("5 new applications to …"). */
  groupKey(event: EventEnvelope): string;
  /** Extra data the wording needs (e.g. company names), stored with the notification. */
  enrich?(event: EventEnvelope, ctx: Ctx): Promise<Record<string, unknown>>;
}

/**
 * An MCP tool: a thin adapter over the same use-case as a REST route, with the route's access rule (role, and the key
 * scope for API keys) and its input schema (argument names are the REST names). `run` returns a JSON object.
 */
export interface ToolDef<I extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  input: I;
  rule: AccessRule;
  run(ctx: Ctx, caller: Caller, input: z.output<I>): Promise<Record<string, unknown>>;
}
export const defineTool = <I extends z.ZodType>(tool: ToolDef<I>): ToolDef => tool as unknown as ToolDef;

/** MCP resources a module offers under a URI prefix (e.g. `completo://zettels/`), read with the caller's rights. */
export interface ResourceProvider {
  prefix: string;
  list(ctx: Ctx, caller: Caller): Promise<{ uri: string; name: string; mimeType: string }[]>;
  read(ctx: Ctx, caller: Caller, uri: string): Promise<{ uri: string; mimeType: string; text: string } | undefined>;
}

/** Work the per-minute cron runs; returns counts worth logging. */
export type CronTask = (ctx: Ctx) => Promise<Record<string, number> | void>;

/** Everything a module contributes; `src/modules/index.ts` lists the modules once and the rest reads from there. */
export interface ModuleDef<R extends Hono<HonoEnv, any, any> = Hono<HonoEnv, any, any>> {
  name: string;
  /** Mounted under /api/v1; paths include the module's prefix (e.g. `/jobs`, `/applications`). */
  routes?: R;
  /** Its drizzle tables (documentation; drizzle-kit reads `*.table.ts` files by glob). */
  tables?: readonly unknown[];
  events?: Record<string, EventSpec>;
  handlers?: readonly EventHandler[];
  messages?: readonly MessageHandler[];
  notifications?: Record<string, NotificationRule>;
  cron?: CronTask;
  /** The real-time layer: delivers committed events to live sockets. */
  live?: LiveDelivery;
  /** Work the module still owes (e.g. webhook deliveries due), for operators (`GET /api/v1/admin/outbox`). */
  backlog?: (ctx: Ctx) => Promise<Record<string, number>>;
  /** MCP tools over its use-cases. */
  tools?: readonly ToolDef[];
  /** MCP resources. */
  resources?: ResourceProvider;
  /** Routes outside /api/v1 (e.g. /mcp). */
  rootRoutes?: Hono<HonoEnv, any, any>;
}

export const defineModule = <const M extends ModuleDef>(m: M): M => m;

/** The module list, indexed for the app, the queue consumer, the cron, notifications and webhooks. */
export interface Registry {
  modules: readonly ModuleDef[];
  events: ReadonlyMap<string, EventSpec & { module: string }>;
  handlers: readonly EventHandler[];
  messages: ReadonlyMap<string, MessageHandler>;
  notifications: ReadonlyMap<string, NotificationRule>;
  cron: readonly { module: string; run: CronTask }[];
  live: LiveDelivery | undefined;
  tools: ReadonlyMap<string, ToolDef & { module: string }>;
  resources: readonly ResourceProvider[];
}

/** Indexes the module list; a duplicate event or message kind, or a notification for an undeclared event, throws. */
export function buildRegistry(modules: readonly ModuleDef[]): Registry {
  const events = new Map<string, EventSpec & { module: string }>();
  const messages = new Map<string, MessageHandler>();
  const notifications = new Map<string, NotificationRule>();
  const tools = new Map<string, ToolDef & { module: string }>();
  let live: LiveDelivery | undefined;
  for (const m of modules) {
    for (const t of m.tools ?? []) {
      if (tools.has(t.name)) throw new Error(`Tool ${t.name} is declared twice`);
      tools.set(t.name, { ...t, module: m.name });
    }
    for (const [type, spec] of Object.entries(m.events ?? {})) {
      if (events.has(type)) throw new Error(`Event ${type} is declared twice`);
      events.set(type, { ...spec, module: m.name });
    }
    for (const h of m.messages ?? []) {
      if (messages.has(h.kind) || h.kind === 'event') throw new Error(`Queue message kind ${h.kind} is declared twice`);
      messages.set(h.kind, h);
    }
    if (m.live) live = m.live;
  }
  for (const m of modules) {
    for (const [type, rule] of Object.entries(m.notifications ?? {})) {
      if (!events.has(type)) throw new Error(`Module ${m.name} has a notification rule for the undeclared event ${type}`);
      notifications.set(type, rule);
    }
  }
  return {
    modules,
    events,
    handlers: modules.flatMap((m) => m.handlers ?? []),
    messages,
    notifications,
    cron: modules.flatMap((m) => (m.cron ? [{ module: m.name, run: m.cron }] : [])),
    live,
    tools,
    resources: modules.flatMap((m) => (m.resources ? [m.resources] : [])),
  };
}
