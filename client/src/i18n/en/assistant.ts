import type { Area } from '../types';

export default {
  title: 'Connect an AI assistant',
  intro:
    'Completo has an MCP server (Model Context Protocol, the standard way AI assistants reach other systems). Connect an assistant such as Claude or Cursor, and it can look up your jobs, post a job or review applications when you ask it to — in a chat, in your words.',
  guarantees: {
    title: 'What an assistant can do, and what it cannot',
    rights: 'It acts with exactly the rights of its API key: it sees only the tools the key’s scopes allow, and every tool applies the same rules as the app.',
    company: 'It only ever sees and changes your own company’s data.',
    audited: 'Every tool call is recorded: which key, which tool, when, and whether it worked.',
    revoke: 'Revoking the key cuts the assistant off at once.',
    auditLink: 'See the calls in the audit log',
  },
  connect: {
    title: 'How to connect',
    key: 'Create an API key with the scope mcp, plus the scopes of the tools the assistant should use (see below). The key is shown once, with this configuration filled in.',
    createKey: 'Create a key for an assistant',
    url: 'In the assistant’s settings, add an MCP server with this address:',
    copyUrl: 'Copy address',
    config: 'Send the key as a Bearer token in the Authorization header. For Claude Desktop, Cursor and other clients that read a JSON configuration (replace {placeholder} with your key):',
    copyConfig: 'Copy configuration',
    transport: 'Streamable HTTP, MCP protocol version 2025-11-25 (2025-06-18 and 2025-03-26 also work).',
    ask: 'Ask the assistant, for example: “Which of our jobs have applications waiting?”',
  },
  tools: {
    title: 'Tools and the scopes they need',
    intro: 'An assistant sees only the tools its key may use. Every key for an assistant also needs mcp.',
    tool: 'Tool',
    does: 'What it does',
    needs: 'Needs',
    list: {
      search_jobs: 'Search and list the jobs your company can see.',
      get_job: 'Read one job.',
      create_job: 'Post a job for your company.',
      list_applications: 'List the applications to one of your jobs.',
      review_application: 'Accept or reject an application.',
      list_notifications: 'Read your notifications.',
    },
    who: {
      admin: 'Company admins and their keys',
      users: 'A signed-in person only; API keys have no notifications',
    },
  },
} as const satisfies Area;
