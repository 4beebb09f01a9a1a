import type { ButtonHTMLAttributes, ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '../i18n';
import type { ApiFailure } from '../lib/api';
import { canRetry, errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { currentUser, signedIn } from '../lib/session';
import { dismiss, toasts } from '../lib/toasts';
import { useTitle } from '../lib/use-title';

type ControlAttrs = { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string };

export function Field(props: { label: string; error?: string | undefined; hint?: string; class?: string; children: (attrs: ControlAttrs) => JSX.Element }) {
  const id = useId();
  const msgId = `${id}-msg`;
  const described = props.error || props.hint ? msgId : undefined;
  return (
    <div class={`field${props.error ? ' field--error' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label for={id}>{props.label}</label>
      {props.children({ id, 'aria-invalid': Boolean(props.error), ...(described ? { 'aria-describedby': described } : {}) })}
      {props.error ? (
        <p class="field__msg" id={msgId} role="alert">
          {props.error}
        </p>
      ) : props.hint ? (
        <p class="field__hint" id={msgId}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A group of checkboxes with one legend and one error, announced and linked to every box of the group. */
export function Choices(props: { legend: string; error?: string | undefined; children: (attrs: { 'aria-invalid': boolean; 'aria-describedby'?: string }) => JSX.Element }) {
  const id = useId();
  const msgId = `${id}-msg`;
  return (
    <fieldset class={`field fieldset${props.error ? ' field--error' : ''}`}>
      <legend>{props.legend}</legend>
      {props.children({ 'aria-invalid': Boolean(props.error), ...(props.error ? { 'aria-describedby': msgId } : {}) })}
      {props.error ? (
        <p class="field__msg" id={msgId} role="alert">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The form-level message for an error that no single field explains (focusable: a failed submit moves focus here). */
export function FormError({ error, fields = [] }: { error: ApiFailure | undefined | null; fields?: string[] }) {
  if (!error) return null;
  const fieldHandled = error.details.length > 0 && error.details.every((d) => fields.includes(d.path));
  if (fieldHandled) return null;
  return (
    <div class="alert alert--error" role="alert" tabIndex={-1} data-form-error>
      {errorText(error)}
    </div>
  );
}

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; variant?: 'primary' | 'secondary' | 'danger' | 'ghost' },
) {
  const { busy, variant = 'primary', children, class: cls, disabled, ...rest } = props;
  return (
    <button class={`btn btn--${variant} ${cls ?? ''}`} disabled={Boolean(disabled) || busy} aria-busy={busy} {...rest}>
      {busy ? <span class="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty__title">{title}</p>
      {children ? <div class="empty__body">{children}</div> : null}
    </div>
  );
}

/** An error in place of content; "Try again" only where repeating the request can help. */
export function ErrorNote({ error, retry }: { error: ApiFailure; retry?: () => void }) {
  return (
    <div class="alert alert--error" role="alert">
      {errorText(error)}{' '}
      {retry && canRetry(error) ? (
        <button class="link" onClick={retry}>
          {t('common.tryAgain')}
        </button>
      ) : null}
    </div>
  );
}

/** A page's content failed to load: a not-found or no-access page with a way on, or the error with a retry. */
export function PageError({ error, retry }: { error: ApiFailure; retry?: () => void }) {
  if (error.code === 'NOT_FOUND') return <NotFoundView item />;
  if (error.code === 'FORBIDDEN') return <NoAccessView />;
  return <ErrorNote error={error} {...(retry ? { retry } : {})} />;
}

export function NotFoundView({ item = false }: { item?: boolean }) {
  const title = item ? t('errors.notFound.itemTitle') : t('errors.notFound.title');
  useTitle(title);
  return (
    <section class="card state-page" data-testid="not-found">
      <h1>{title}</h1>
      <p class="muted">{item ? t('errors.notFound.itemBody') : t('errors.notFound.body')}</p>
      <div class="row">
        <a class="btn btn--primary" href={signedIn.value ? '/dashboard' : '/jobs'}>
          {t('errors.notFound.home')}
        </a>
        {signedIn.value ? (
          <a class="btn btn--secondary" href="/jobs">
            {t('errors.notFound.board')}
          </a>
        ) : null}
      </div>
    </section>
  );
}

export function NoAccessView() {
  const title = t('errors.noAccess.title');
  useTitle(title);
  const role = currentUser.value?.role;
  return (
    <section class="card state-page" data-testid="no-access">
      <h1>{title}</h1>
      {role ? <p class="muted">{t('errors.noAccess.body', { role: t(`common.roles.${role}`) })}</p> : null}
      <div class="row">
        <a class="btn btn--primary" href="/dashboard">
          {t('errors.noAccess.back')}
        </a>
        <a class="btn btn--secondary" href="/jobs">
          {t('errors.notFound.board')}
        </a>
      </div>
    </section>
  );
}

/** `estimated`: the total is an estimate (broad job searches), shown as "about". */
export function Pagination({ page, totalPages, total, estimated, onPage }: { page: number; totalPages: number; total: number; estimated?: boolean | undefined; onPage: (p: number) => void }) {
  const totalText = estimated ? t('common.totalAbout', { count: total }) : t('common.total', { count: total });
  if (totalPages <= 1) return <p class="muted small">{totalText}</p>;
  return (
    <nav class="pagination" aria-label={t('common.pagination')}>
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <span aria-hidden="true">←</span> {t('common.previous')}
      </Button>
      <span>
        {t('common.pageOf', { page, pages: totalPages })} · {totalText}
      </span>
      <Button variant="secondary" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
        {t('common.next')} <span aria-hidden="true">→</span>
      </Button>
    </nav>
  );
}

export function Badge({ tone = 'neutral', children, testId }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ComponentChildren; testId?: string }) {
  return (
    <span class={`badge badge--${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** The page's h1, which also names the browser tab (`tabTitle` when the heading is not a good tab name). */
export function PageHeader({ title, tabTitle, children }: { title: string; tabTitle?: string; children?: ComponentChildren }) {
  useTitle(tabTitle ?? title);
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {children ? <div class="page-header__actions">{children}</div> : null}
    </header>
  );
}

export function Toasts() {
  return (
    <div class="toasts" aria-live="polite" aria-atomic="false">
      {toasts.value.map((item) => (
        <div key={item.id} class={`toast toast--${item.tone}`} role="status" data-testid="toast">
          <div>
            <strong>{item.title}</strong>
            {item.body ? <p>{item.body}</p> : null}
          </div>
          <button class="toast__close" aria-label={t('common.dismiss')} onClick={() => dismiss(item.id)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </div>
  );
}

/** A form's last row: when it was last changed, and the save button. */
export function SaveRow({ updatedAt, busy }: { updatedAt: string | null | undefined; busy: boolean }) {
  return (
    <div class="row row--between">
      <span class="small muted">{t('common.lastChanged', { when: formatDateTime(updatedAt) })}</span>
      <Button type="submit" busy={busy}>
        {t('common.save')}
      </Button>
    </div>
  );
}
