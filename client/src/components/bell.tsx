import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { ApiFailure } from '../lib/api';
import { errorText } from '../lib/errors';
import { timeAgo } from '../lib/format';
import { liveStatus, markAllRead, markRead, notifications, unreadCount } from '../lib/notifications';
import { notificationText } from '../lib/notification-text';
import { toast } from '../lib/toasts';

const linkFor = (type: string, data: Record<string, unknown>) => {
  if (type === 'jobs.application.submitted') return `/manage/jobs/${String(data.jobId)}`;
  if (type === 'jobs.application.reviewed') return '/applications';
  if (type === 'jobs.job.created') return `/jobs/${String(data.jobId)}`;
  if (type.startsWith('partnerships.')) return '/partnerships';
  if (type.startsWith('webhooks.')) return '/webhooks';
  if (type.startsWith('services.engagement.')) return `/engagements?role=${data.side === 'provider' ? 'provider' : 'client'}`;
  if (type.startsWith('services.') && typeof data.serviceId === 'string' && data.deleted !== true) return `/services/${data.serviceId}`;
  if (type === 'zettels.zettel.deleted') return '/knowledge/trash';
  if (type.startsWith('zettels.') && typeof data.zettelId === 'string') return `/knowledge/notes/${data.zettelId}`;
  if (type.startsWith('fsm.visit.') && typeof data.visitId === 'string') return `/field/visits/${data.visitId}`;
  if (type.startsWith('fsm.job.') && typeof data.jobId === 'string' && type !== 'fsm.job.deleted') return `/field/jobs/${data.jobId}`;
  if (type.startsWith('fsm.customer.') && typeof data.customerId === 'string' && type !== 'fsm.customer.deleted') return `/field/customers/${data.customerId}`;
  if (type.startsWith('fsm.site.') && typeof data.customerId === 'string') return `/field/customers/${data.customerId}`;
  if (type === 'fsm.technician.updated') return '/field/technicians';
  return '/dashboard';
};

/** The notification bell: unread count (live), a panel with the latest, mark read / all read. */
export function Bell() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('click', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', esc);
    };
  }, []);
  const count = unreadCount.value;
  const fail = (err: unknown) => toast(t('notifications.updateFailed'), { body: err instanceof ApiFailure ? errorText(err) : '', tone: 'error' });
  const online = liveStatus.value === 'open';
  return (
    <div class="bell" ref={ref}>
      <button
        class="btn btn--ghost bell__button"
        aria-label={online ? t('notifications.bell', { count }) : t('notifications.bellOffline', { count })}
        aria-expanded={open}
        aria-controls="notifications-panel"
        onClick={() => setOpen(!open)}
        data-testid="bell"
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {count > 0 ? (
          <span class="bell__count" data-testid="bell-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <div class="panel" id="notifications-panel" role="region" aria-label={t('notifications.title')} data-testid="notifications-panel">
          <div class="row row--between">
            <h2 class="panel__title">{t('notifications.title')}</h2>
            <button class="link" disabled={count === 0} onClick={() => markAllRead().catch(fail)}>
              {t('notifications.markAllRead')}
            </button>
          </div>
          {online ? null : <p class="small muted">{t('notifications.reconnecting')}</p>}
          {notifications.value.length === 0 ? (
            <p class="muted">{t('notifications.empty')}</p>
          ) : (
            <ul class="list">
              {notifications.value.map((n) => {
                const text = notificationText(n);
                return (
                  <li key={n.id} class={n.readAt ? '' : 'unread'}>
                    <a
                      href={linkFor(n.type, n.data)}
                      onClick={() => {
                        setOpen(false);
                        if (!n.readAt) markRead(n.id).catch(fail);
                      }}
                    >
                      {text.title}
                    </a>{' '}
                    {n.count > 1 ? <span class="badge">{t('notifications.grouped', { count: n.count })}</span> : null}
                    <div class="small muted">
                      {text.body} · {timeAgo(n.updatedAt)}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
