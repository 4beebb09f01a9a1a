import { useEffect } from 'preact/hooks';
import { t } from '../i18n';

/** Names the browser tab after the page ("Our jobs · Completo"); follows language changes. */
export function useTitle(page: string | null | undefined) {
  const title = page ? t('common.pageTitle', { page }) : t('common.brand');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
