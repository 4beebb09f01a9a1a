import { auth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { userSchema } from '../../core/tenancy/tenancy.schemas';
import { idParam, jsonBody, validate } from '../../core/validation';
import { employeeCreate, employeeListQuery, employeePatch } from './employees.schemas';
import * as service from './employees.service';

const employeesRoutes = createRouter()
  .get(
    '/',
    doc({ summary: "List the company's users", description: 'Staff: every user.', response: userSchema, list: true }),
    auth('employees:view'),
    validate('query', employeeListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.list(c.var.ctx, c.var.caller, q), q);
    },
  )
  .post(
    '/',
    doc({ summary: 'Add a user to the company', description: 'Nobody grants a role above their own (403); duplicate email 409.', response: userSchema, status: 201, errors: ['CONFLICT'] }),
    auth('employees:manage'),
    ...jsonBody(employeeCreate),
    async (c) => created(c, await service.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A user of the company', response: userSchema }), auth('employees:view'), idParam, async (c) =>
    ok(c, await service.get(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    doc({ summary: 'Change a user (name, role, skills, status)', description: 'A company always keeps one active admin_empresa (409).', response: userSchema, errors: ['CONFLICT'] }),
    auth('employees:manage'),
    idParam,
    ...jsonBody(employeePatch),
    async (c) => ok(c, await service.update(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete(
    '/:id',
    doc({ summary: 'Remove a user (soft delete)', response: userSchema, errors: ['CONFLICT'] }),
    auth('employees:manage'),
    idParam,
    async (c) => ok(c, await service.remove(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  );

export const routes = createRouter().route('/employees', employeesRoutes);
