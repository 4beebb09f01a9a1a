import { auditLog } from '../../core/audit/audit.table';
import { defineModule } from '../../core/module';
import { routes } from './audit.routes';

/** Reading the audit log (written by core's commit for API-key writes, and by MCP, employees and API keys). */
export default defineModule({ name: 'audit', routes, tables: [auditLog] });
