import { auth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import { apiKeyCreate, apiKeyListQuery, apiKeySchema, createdApiKeySchema } from './apiKeys.schemas';
import * as service from './apiKeys.service';

const apiKeysRoutes = createRouter()
  .get('/', doc({ summary: "The company's API keys (never the secrets)", response: apiKeySchema, list: true }), auth('apiKeys:manage'), validate('query', apiKeyListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.list(c.var.ctx, c.var.caller, q), q);
  })
  .post(
    '/',
    doc({
      summary: 'Create an API key',
      description: 'The key (`cpk_…`) is in this answer only. It acts for the company with the rights of an admin_empresa narrowed to its scopes; `mcp` also opens /mcp. At most 25 active keys per company (409).',
      response: createdApiKeySchema,
      status: 201,
      errors: ['CONFLICT'],
    }),
    auth('apiKeys:manage'),
    ...jsonBody(apiKeyCreate),
    async (c) => created(c, await service.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Revoke an API key (refused at once afterwards)', response: apiKeySchema, errors: ['CONFLICT'] }), auth('apiKeys:manage'), idParam, async (c) =>
    ok(c, await service.revoke(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  );

export const routes = createRouter().route('/api-keys', apiKeysRoutes);
