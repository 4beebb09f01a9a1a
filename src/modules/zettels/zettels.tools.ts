import { z } from 'zod';
import { defineTool, type ResourceProvider } from '../../core/module';
import { zettelCreate, zettelListQuery } from './zettels.schemas';
import * as service from './zettels.service';

const PREFIX = 'completo://zettels/';

/** MCP tools over the zettels use-cases: the same rules as the REST routes they mirror (named in each description). */
export const zettelTools = [
  defineTool({
    name: 'search_zettels',
    title: 'Search knowledge notes',
    description:
      'List and search the zettels the caller can see (GET /api/v1/zettels): `search` over title, body and tags (ranked); filters tag, authorId, visibility. Results are summaries; get_zettel reads one in full.',
    input: zettelListQuery,
    rule: { permission: 'zettels:view-company', access: 'read' },
    run: async (ctx, caller, q) => {
      const { rows, total, estimated } = await service.list(ctx, caller, q);
      return { zettels: rows, total, totalEstimated: estimated, page: q.page, limit: q.limit };
    },
  }),
  defineTool({
    name: 'get_zettel',
    title: 'Read a knowledge note',
    description: 'One zettel with its body (markdown), links, backlinks and mentions (GET /api/v1/zettels/:id), if the caller can see it.',
    input: z.object({ id: z.uuid({ message: 'must be a zettel id (UUID)' }) }),
    rule: { permission: 'zettels:view-company', access: 'read' },
    run: async (ctx, caller, { id }) => ({ zettel: await service.get(ctx, caller, id) }),
  }),
  defineTool({
    name: 'create_zettel',
    title: 'Write a knowledge note',
    description:
      'Create a zettel (POST /api/v1/zettels): title, body (markdown; [[Title]] links other notes, @job:<id> / @asset:<id> / @workorder:<id> / @service:<id> mention records), tags, visibility (personal | company | partners; API keys cannot write personal notes).',
    input: zettelCreate,
    rule: { permission: 'zettels:edit', access: 'write' },
    run: async (ctx, caller, body) => ({ zettel: await service.create(ctx, caller, body) }),
  }),
];

/** `completo://zettels/<id>`: the zettels the caller can see, as markdown. */
export const zettelResources: ResourceProvider = {
  prefix: PREFIX,
  async list(ctx, caller) {
    const { rows } = await service.list(ctx, caller, zettelListQuery.parse({ limit: '100', sortBy: 'updatedAt' }));
    return rows.map((z) => ({ uri: `${PREFIX}${z.id}`, name: z.title, mimeType: 'text/markdown' }));
  },
  async read(ctx, caller, uri) {
    const id = uri.slice(PREFIX.length);
    if (!z.uuid().safeParse(id).success) return undefined;
    try {
      const note = await service.get(ctx, caller, id);
      return { uri, mimeType: 'text/markdown', text: `# ${note.title}\n\n${note.body}` };
    } catch {
      return undefined;
    }
  },
};
