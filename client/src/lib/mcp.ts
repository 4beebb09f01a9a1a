/** The MCP server of this deployment: the Worker answers it at /mcp on the app's own origin (README, "API keys and AI assistants"). */
export const mcpUrl = () => `${location.origin}/mcp`;

/** What stands for the key in a configuration shown without one. */
export const KEY_PLACEHOLDER = 'cpk_…';

/** A client configuration (Claude Desktop, Cursor and other clients that speak Streamable HTTP) for `key`. */
export const mcpConfig = (key: string) =>
  JSON.stringify({ mcpServers: { completo: { url: mcpUrl(), headers: { Authorization: `Bearer ${key}` } } } }, null, 2);
