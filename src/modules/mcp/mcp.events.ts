import { eventsOf } from '../../core/events/outbox';

export const mcpEvents = eventsOf({
  'mcp.tool.called': { audience: 'admins', description: 'An AI assistant called an MCP tool (data: tool, status ok|error, actorKind, actorId).' },
});
