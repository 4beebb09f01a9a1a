import { defineModule } from '../../core/module';
import { routes } from './admin.routes';

/** Platform operations for staff (dead letters; the queue's tables live in src/queue). */
export default defineModule({ name: 'admin', routes });
