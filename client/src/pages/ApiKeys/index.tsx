import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { KEY_FAMILIES, KEY_SCOPES, type KeyScope } from '../../../../src/core/auth/roles';
import type { ApiKey } from '../../../../src/modules/apiKeys/apiKeys.schemas';
import { CopyButton } from '../../components/copy';
import { Badge, Button, Choices, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { dayEnd, dayOf, formatDate, formatDateTime, timeAgo } from '../../lib/format';
import { mcpConfig } from '../../lib/mcp';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

const isScope = (s: string): s is KeyScope => (KEY_SCOPES as readonly string[]).includes(s);
/** The scope that opens the MCP server (the others are `<family>:read|write`). */
const MCP: KeyScope = 'mcp';

/** The new key, shown once: copy it now; for an assistant's key, its client configuration too. */
function KeyOnce({ created, onDone }: { created: { name: string; key: string; scopes: string[] }; onDone: () => void }) {
  return (
    <div class="alert alert--good" role="alert" data-testid="key-once">
      <p>
        <strong>{t('keys.once.title')}</strong> {t('keys.once.body')}
      </p>
      <p class="secret" data-testid="key-value">
        {created.key}
      </p>
      {created.scopes.includes(MCP) ? (
        <>
          <p class="small">{t('keys.once.mcpHint')}</p>
          <pre class="snippet" data-testid="key-config">
            {mcpConfig(created.key)}
          </pre>
        </>
      ) : null}
      <div class="row">
        <CopyButton text={created.key} label={t('keys.once.copy')} testId="copy-key" />
        {created.scopes.includes(MCP) ? <CopyButton variant="secondary" text={mcpConfig(created.key)} label={t('keys.once.copyConfig')} /> : null}
        <Button variant="secondary" onClick={onDone} data-testid="key-stored">
          {t('keys.once.stored')}
        </Button>
      </div>
    </div>
  );
}

function NewKey({ preset, onCreated }: { preset: KeyScope[]; onCreated: (created: { name: string; key: string; scopes: string[] }) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>(preset);
  const [expires, setExpires] = useState('');
  const nameInput = useRef<HTMLInputElement>(null);
  // Arriving with scopes chosen (from the AI assistant page): the name is what is left to fill in.
  useEffect(() => {
    if (preset.length > 0) nameInput.current?.focus();
  }, []);
  const today = dayOf(new Date());
  const form = useSubmit(async () => {
    const expiresAt = expires ? dayEnd(expires) : undefined;
    const body = await call(api['api-keys'].$post({ json: { name, scopes, ...(expiresAt ? { expiresAt } : {}) } }));
    setName('');
    setScopes([]);
    setExpires('');
    onCreated(body.data);
  });
  const toggle = (scope: KeyScope) => setScopes(scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope]);
  const scopeError = form.fields.scopes ?? Object.entries(form.fields).find(([path]) => path.startsWith('scopes.'))?.[1];
  return (
    <form class="card" onSubmit={form.onSubmit()} noValidate aria-labelledby="add-key">
      <h2 id="add-key">{t('keys.add.title')}</h2>
      <FormError error={form.error} fields={['name', 'scopes', 'expiresAt', ...KEY_SCOPES.map((_, i) => `scopes.${i}`)]} />
      <Field label={t('keys.add.name')} error={form.fields.name} hint={t('keys.add.nameHint')}>
        {(a) => <input {...a} name="name" ref={nameInput} maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Choices legend={t('keys.add.scopes')} error={scopeError}>
        {(a) => (
          <>
            <p class="field__hint">{t('keys.add.scopesHint')}</p>
            <ul class="plain-list scope-list">
              {KEY_FAMILIES.map((family) => (
                <li key={family} class="scope-list__item">
                  <div class="scope-list__text">
                    <strong>{t(`keys.families.${family}.name`)}</strong>
                    <span class="small muted">{t(`keys.families.${family}.body`)}</span>
                  </div>
                  <div class="checks">
                    {(['read', 'write'] as const).map((access) => {
                      const scope: KeyScope = `${family}:${access}`;
                      return (
                        <label key={scope}>
                          <input {...a} type="checkbox" name="scopes" value={scope} checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {t(`keys.access.${access}`)}{' '}
                          <code class="small muted">{scope}</code>
                        </label>
                      );
                    })}
                  </div>
                </li>
              ))}
              <li class="scope-list__item">
                <div class="scope-list__text">
                  <strong>{t('keys.families.mcp.name')}</strong>
                  <span class="small muted">{t('keys.families.mcp.body')}</span>
                </div>
                <div class="checks">
                  <label>
                    <input {...a} type="checkbox" name="scopes" value={MCP} checked={scopes.includes(MCP)} onChange={() => toggle(MCP)} /> {t('keys.access.connect')}{' '}
                    <code class="small muted">{MCP}</code>
                  </label>
                </div>
              </li>
            </ul>
          </>
        )}
      </Choices>
      <Field label={t('keys.add.expires')} error={form.fields.expiresAt} hint={t('keys.add.expiresHint')}>
        {(a) => <input {...a} name="expiresAt" type="date" min={today} value={expires} onInput={(e) => setExpires(e.currentTarget.value)} class="input--date" />}
      </Field>
      <Button type="submit" busy={form.busy} data-testid="create-key">
        {t('keys.add.submit')}
      </Button>
    </form>
  );
}

type KeyState = 'active' | 'expired' | 'revoked';
const stateOf = (k: ApiKey): KeyState => (k.revokedAt ? 'revoked' : k.expiresAt && Date.parse(k.expiresAt) <= Date.now() ? 'expired' : 'active');
const STATE_TONE = { active: 'good', expired: 'warn', revoked: 'bad' } as const;

/** One key: a table row on wide screens, a card on phones. */
function KeyRow({ k, onChange }: { k: ApiKey; onChange: () => void }) {
  const state = stateOf(k);
  const revoke = useSubmit(async () => {
    if (!confirm(t('keys.confirmRevoke', { name: k.name }))) return;
    await call(api['api-keys'][':id'].$delete({ param: { id: k.id } }));
    toast(t('keys.revoked'), { body: t('keys.revokedBody', { name: k.name }), tone: 'success' });
    onChange();
  });
  return (
    <tr data-testid="api-key">
      <td class="cell--primary">
        <strong class="break">{k.name}</strong>
        <div class="small muted">
          <code>{k.prefix}…</code>
        </div>
        <FormError error={revoke.error} />
      </td>
      <td data-label={t('keys.columns.scopes')}>
        <ul class="tags tags--list">
          {k.scopes.map((s) => (
            <li key={s}>
              <Badge tone={s === MCP ? 'info' : 'neutral'}>{s}</Badge>
            </li>
          ))}
        </ul>
      </td>
      <td data-label={t('keys.columns.created')} class="small">
        {formatDate(k.createdAt)}
      </td>
      <td data-label={t('keys.columns.expires')} class="small">
        {k.expiresAt ? formatDate(k.expiresAt) : <span class="muted">{t('keys.noExpiry')}</span>}
      </td>
      <td data-label={t('keys.columns.lastUsed')} class="small">
        {k.lastUsedAt ? <time dateTime={k.lastUsedAt} title={formatDateTime(k.lastUsedAt)}>{timeAgo(k.lastUsedAt)}</time> : <span class="muted">{t('keys.neverUsed')}</span>}
      </td>
      <td data-label={t('keys.columns.state')}>
        <Badge tone={STATE_TONE[state]} testId="key-state">
          {t(`keys.state.${state}`)}
        </Badge>
        {k.revokedAt ? <div class="small muted">{formatDateTime(k.revokedAt)}</div> : null}
      </td>
      <td class="cell--actions">
        {state === 'revoked' ? null : (
          <Button variant="secondary" busy={revoke.busy} onClick={() => revoke.run()} data-testid="revoke-key" aria-label={t('keys.revokeNamed', { name: k.name })}>
            {t('keys.revoke')}
          </Button>
        )}
      </td>
    </tr>
  );
}

export function ApiKeys() {
  // `?scopes=mcp` (from the AI assistant page) preselects scopes of the new key.
  const preset = (useLocation().query.scopes ?? '').split(',').filter(isScope);
  const [q, setQ] = useQueryState({ page: '1', scopes: '' });
  const list = useAsync(() => call(api['api-keys'].$get({ query: { page: q.page, limit: '20', sortBy: 'createdAt', sortOrder: 'desc' } })), [q.page]);
  const [created, setCreated] = useState<{ name: string; key: string; scopes: string[] } | null>(null);
  return (
    <>
      <PageHeader title={t('keys.title')}>
        <a class="btn btn--secondary" href="/ai-assistant">
          {t('keys.toAssistant')}
        </a>
      </PageHeader>
      <p class="muted measure">{t('keys.intro')}</p>
      {created ? <KeyOnce created={created} onDone={() => setCreated(null)} /> : null}
      <NewKey
        preset={preset}
        onCreated={(c) => {
          setCreated(c);
          setQ({ page: '1', scopes: '' });
          void list.reload();
          window.scrollTo({ top: 0 });
        }}
      />
      <section class="card" aria-labelledby="keys-list">
        <h2 id="keys-list">{t('keys.list.label')}</h2>
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          list.error ? null : <Loading />
        ) : list.data.data.length === 0 ? (
          <Empty title={t('keys.list.empty')}>{t('keys.list.emptyHint')}</Empty>
        ) : (
          <table class="table--stack" aria-labelledby="keys-list">
            <thead>
              <tr>
                <th>{t('keys.columns.name')}</th>
                <th>{t('keys.columns.scopes')}</th>
                <th>{t('keys.columns.created')}</th>
                <th>{t('keys.columns.expires')}</th>
                <th>{t('keys.columns.lastUsed')}</th>
                <th>{t('keys.columns.state')}</th>
                <th>
                  <span class="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((k) => (
                <KeyRow key={k.id} k={k} onChange={list.reload} />
              ))}
            </tbody>
          </table>
        )}
        {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
      </section>
    </>
  );
}
