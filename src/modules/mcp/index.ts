import { defineModule } from '../../core/module';
import { mcpEvents } from './mcp.events';
import { rootRoutes } from './mcp.routes';

/**
 * The MCP server at /mcp: every module's `tools` (thin adapters over its use-cases, with its REST routes' access rules)
 * and `resources`, for the caller's rights exactly; every call audited and emitted as mcp.tool.called.
 */
export default defineModule({ name: 'mcp', rootRoutes, events: mcpEvents.specs });
