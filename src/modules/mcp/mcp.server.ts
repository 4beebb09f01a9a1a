import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { auditInsert } from '../../core/audit/audit';
import type { Caller } from '../../core/auth/caller';
import { denial } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { ApiError } from '../../core/errors';
import { commit } from '../../core/events/outbox';
import { log } from '../../core/logging';
import type { ToolDef } from '../../core/module';
import { validationError } from '../../core/validation';
import { mcpEvents } from './mcp.events';

export const SERVER_INFO = { name: 'completo', title: 'Completo', version: '1.1.0' };

/** The tools this caller may use: exactly those whose REST route they could call (role, and a key's scopes). */
export const toolsFor = (ctx: Ctx, caller: Caller): ToolDef[] => [...ctx.registry.tools.values()].filter((t) => !denial(caller, t.rule));

const inputSchema = (tool: ToolDef) => z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as { type: 'object'; [k: string]: unknown };

const failure = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/** Runs one tool call: validated with the REST schema, through the same use-case; recorded in the audit log. */
async function callTool(ctx: Ctx, caller: Caller, tool: ToolDef, args: unknown): Promise<CallToolResult> {
  let result: CallToolResult;
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    const err = validationError(parsed.error);
    result = failure(`VALIDATION_FAILED: ${err.message}${err.details ? `\n${JSON.stringify(err.details)}` : ''}`);
  } else {
    try {
      const data = await tool.run(ctx, caller, parsed.data);
      result = { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
    } catch (err) {
      if (err instanceof ApiError && err.code !== 'INTERNAL') result = failure(`${err.code}: ${err.message}`);
      else {
        const ref = crypto.randomUUID();
        log('error', 'mcp tool failed', { tool: tool.name, ref, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
        result = failure(`INTERNAL: the tool failed. Quote reference ${ref} when reporting it.`);
      }
    }
  }
  await recordCall(ctx, caller, tool.name, result.isError ? 'error' : 'ok');
  return result;
}

/** Every tool call — an unknown or refused one too — is in the audit log and emitted as `mcp.tool.called`. */
async function recordCall(ctx: Ctx, caller: Caller, name: string, status: 'ok' | 'error') {
  const tool = name.slice(0, 100);
  const ev = mcpEvents.event('mcp.tool.called', caller.companyId, { tool, status, actorKind: caller.kind, actorId: caller.id });
  // Recorded explicitly (for users and keys alike); without `caller` so commit does not audit its event a second time.
  await commit({ ...ctx, caller: undefined }, [auditInsert(ctx.db, caller, { action: 'mcp.tool.called', target: { kind: 'tool', name: tool }, status })], [ev]);
}

/** The protocol versions this server speaks (the SDK would also accept two 2024 drafts). */
export const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
const speaks = (v: unknown) => (PROTOCOL_VERSIONS as readonly unknown[]).includes(v);

/**
 * Holds the SDK to our versions: a request whose `MCP-Protocol-Version` header names another is 400 (as the SDK
 * answers an unknown one), and an `initialize` asking for another is answered with the latest, as negotiation says.
 */
async function withOurVersions(request: Request): Promise<Request | Response> {
  const header = request.headers.get('mcp-protocol-version');
  if (header !== null && !speaks(header)) {
    const message = `Bad Request: Unsupported protocol version: ${header} (supported versions: ${PROTOCOL_VERSIONS.join(', ')})`;
    return Response.json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }, { status: 400 });
  }
  if (request.method !== 'POST') return request;
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined; // the SDK answers the parse error
  }
  let changed = false;
  for (const m of Array.isArray(body) ? body : [body]) {
    const params = (m as { method?: unknown; params?: { protocolVersion?: unknown } } | null)?.params;
    if ((m as { method?: unknown } | null)?.method === 'initialize' && params && !speaks(params.protocolVersion)) {
      params.protocolVersion = PROTOCOL_VERSIONS[0];
      changed = true;
    }
  }
  return new Request(request.url, { method: 'POST', headers: request.headers, body: changed ? JSON.stringify(body) : text });
}

/**
 * Answers one MCP request (Streamable HTTP, stateless, JSON responses) for an authenticated caller: a fresh server
 * whose tools and resources are the caller's, on a web-standard transport.
 */
export async function handleMcp(raw: Request, ctx: Ctx, caller: Caller): Promise<Response> {
  const request = await withOurVersions(raw);
  if (request instanceof Response) return request;
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false }, resources: { listChanged: false } },
    instructions:
      'Completo: jobs, services, knowledge notes, maintenance and field service of one company. Tools act with exactly the rights of the signed-in user or API key; everything is scoped to its company.',
    // Elicitation is not used; this avoids compiling JSON schemas at runtime (Workers forbid code generation).
    jsonSchemaValidator: { getValidator: () => (input: unknown) => ({ valid: true, data: input as never, errorMessage: undefined }) },
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: toolsFor(ctx, caller).map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: inputSchema(t) })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const tool = ctx.registry.tools.get(req.params.name);
    // A tool the caller may not use does not exist for them (tools/list never showed it).
    if (!tool || denial(caller, tool.rule)) {
      await recordCall(ctx, caller, req.params.name, 'error');
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${req.params.name}`);
    }
    return callTool(ctx, caller, tool, req.params.arguments);
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await Promise.all(ctx.registry.resources.map((r) => r.list(ctx, caller)))).flat(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const provider = ctx.registry.resources.find((r) => req.params.uri.startsWith(r.prefix));
    const content = provider ? await provider.read(ctx, caller, req.params.uri) : undefined;
    if (!content) throw new McpError(ErrorCode.InvalidParams, `Resource not found: ${req.params.uri}`);
    return { contents: [content] };
  });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    ctx.defer(server.close());
  }
}
