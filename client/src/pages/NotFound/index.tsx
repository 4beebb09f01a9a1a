import { NotFoundView } from '../../components/ui';

export function NotFound() {
  return <NotFoundView />;
}
