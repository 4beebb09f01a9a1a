import type { ButtonHTMLAttributes, ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';
import { ApiFailure } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { dismiss, toasts } from '../lib/toasts';

export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (attrs: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => JSX.Element;
}) {
  const id = useId();
  const msgId = `${id}-msg`;
  const described = props.error || props.hint ? msgId : undefined;
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
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

/** The form-level message for an error that no single field explains. */
export function FormError({ error, fields = [] }: { error: ApiFailure | undefined | null; fields?: string[] }) {
  if (!error) return null;
  const fieldHandled = error.details.length > 0 && error.details.every((d) => fields.includes(d.path));
  if (fieldHandled) return null;
  return (
    <div class="alert alert--error" role="alert">
      {error.message}
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

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {label}
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

export function ErrorNote({ error, retry }: { error: ApiFailure; retry?: () => void }) {
  return (
    <div class="alert alert--error" role="alert">
      {error.message}{' '}
      {retry ? (
        <button class="link" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** `estimated`: the total is an estimate (broad job searches), shown as "about". */
export function Pagination({ page, totalPages, total, estimated, onPage }: { page: number; totalPages: number; total: number; estimated?: boolean | undefined; onPage: (p: number) => void }) {
  const about = estimated ? 'about ' : '';
  if (totalPages <= 1) return <p class="muted small">{total} total</p>;
  return (
    <nav class="pagination" aria-label="Pagination">
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Previous
      </Button>
      <span>
        Page {page} of {about}
        {totalPages} · {about}
        {total} total
      </span>
      <Button variant="secondary" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
        Next →
      </Button>
    </nav>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge--${tone}`}>{children}</span>;
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
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
      {toasts.value.map((t) => (
        <div key={t.id} class={`toast toast--${t.tone}`} role="status">
          <div>
            <strong>{t.title}</strong>
            {t.body ? <p>{t.body}</p> : null}
          </div>
          <button class="toast__close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
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
      <span class="small muted">Last changed {formatDateTime(updatedAt)}</span>
      <Button type="submit" busy={busy}>
        Save
      </Button>
    </div>
  );
}
