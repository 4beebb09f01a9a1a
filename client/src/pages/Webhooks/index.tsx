import { useEffect, useState } from 'preact/hooks';
import type { Delivery, Endpoint } from '../../../../src/modules/webhooks/webhooks.schemas';
import { Badge, Button, Choices, Empty, ErrorNote, Field, FormError, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime, timeAgo } from '../../lib/format';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

/** A secret is shown once: copy it now or rotate later. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="alert alert--good" role="alert" data-testid="secret-once">
      <p>
        <strong>{t('webhooks.secret.title')}</strong> {t('webhooks.secret.body', { header: 'webhook-signature' })}
      </p>
      <p class="secret" data-testid="secret-value">
        {secret}
      </p>
      <div class="row">
        <Button
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied(true);
            } catch {
              toast(t('webhooks.secret.copyFailed'), { body: t('webhooks.secret.copyFailedBody'), tone: 'error' });
            }
          }}
        >
          {copied ? `${t('webhooks.secret.copied')} ✓` : t('webhooks.secret.copy')}
        </Button>
        <Button variant="secondary" onClick={onDone} data-testid="secret-stored">
          {t('webhooks.secret.stored')}
        </Button>
      </div>
    </div>
  );
}

function NewEndpoint({ onCreated }: { onCreated: (secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  // The event types come from the server's modules; the test event is sent from each endpoint's card, not subscribed to.
  const eventTypes = useAsync(() => call(api.webhooks['event-types'].$get()).then((b) => b.data.filter((type) => type.type !== 'webhooks.test')), []);
  const form = useSubmit(async () => {
    const body = await call(api.webhooks.$post({ json: { url: url.trim(), description, events: all ? ['*'] : chosen } }));
    setUrl('');
    setDescription('');
    onCreated(body.data.secret);
  });
  return (
    <form class="card" onSubmit={form.onSubmit()} noValidate aria-labelledby="add-endpoint">
      <h2 id="add-endpoint">{t('webhooks.add.title')}</h2>
      <FormError error={form.error} fields={['url', 'events', 'description']} />
      <Field label={t('webhooks.add.url')} error={form.fields.url} hint={t('webhooks.add.urlHint')}>
        {(a) => <input {...a} name="url" type="url" placeholder={t('webhooks.add.urlPlaceholder')} value={url} onInput={(e) => setUrl(e.currentTarget.value)} />}
      </Field>
      <Field label={t('webhooks.add.description')} error={form.fields.description}>
        {(a) => <input {...a} name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
      </Field>
      <Choices legend={t('webhooks.add.events')} error={form.fields.events}>
        {(a) => (
          <>
            <div class="checks">
              <label>
                <input {...a} type="checkbox" checked={all} onChange={() => setAll(!all)} /> {t('webhooks.add.allEvents')}
              </label>
            </div>
            {all ? null : eventTypes.error ? (
              <ErrorNote error={eventTypes.error} retry={eventTypes.reload} />
            ) : !eventTypes.data ? (
              <Loading label={t('webhooks.add.loadingTypes')} />
            ) : (
              <div class="checks checks--events">
                {eventTypes.data.map(({ type }) => (
                  <label>
                    <input {...a} type="checkbox" checked={chosen.includes(type)} onChange={() => setChosen(chosen.includes(type) ? chosen.filter((x) => x !== type) : [...chosen, type])} />{' '}
                    <code>{type}</code>
                  </label>
                ))}
              </div>
            )}
          </>
        )}
      </Choices>
      <Button type="submit" busy={form.busy} data-testid="add-endpoint">
        {t('webhooks.add.submit')}
      </Button>
    </form>
  );
}

/** What happened to a failed delivery, in plain words, and when the next attempt is due. */
function FailureText({ d }: { d: Delivery }) {
  const retry = d.nextRetryAt
    ? new Date(d.nextRetryAt).getTime() > Date.now()
      ? t('webhooks.deliveries.nextRetry', { when: timeAgo(d.nextRetryAt) })
      : t('webhooks.deliveries.nextRetrySoon')
    : d.errorKind === 'interrupted'
      ? null
      : t('webhooks.deliveries.noRetry');
  return (
    <div class="small delivery-failure" data-testid="delivery-explanation">
      {d.errorKind ? <p>{t(`webhooks.deliveries.kinds.${d.errorKind}`, { status: d.statusCode ?? '' })}</p> : null}
      {retry ? <p class="muted">{retry}</p> : null}
      {d.error || d.responseExcerpt ? (
        <details>
          <summary>{t('webhooks.deliveries.technical')}</summary>
          {d.error ? <code class="break">{d.error}</code> : null}
          {d.responseExcerpt ? <pre class="excerpt">{d.responseExcerpt}</pre> : null}
        </details>
      ) : null}
    </div>
  );
}

const POLL_MS = 3000;

/** The endpoint's delivery log; refreshes itself while open, since deliveries and retries happen in the background. */
function Deliveries({ endpointId }: { endpointId: string }) {
  const list = useAsync(() => call(api.webhooks[':id'].deliveries.$get({ param: { id: endpointId }, query: { limit: '20' } })), [endpointId]);
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && void list.reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [endpointId]);
  const replay = useSubmit(async (deliveryId: string) => {
    await call(api.webhooks[':id'].deliveries[':deliveryId'].replay.$post({ param: { id: endpointId, deliveryId } }));
    toast(t('webhooks.deliveries.replayQueued'), { body: t('webhooks.deliveries.replayQueuedBody'), tone: 'success' });
  });
  if (list.error) return <ErrorNote error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.data.length === 0) return <p class="muted small">{t('webhooks.deliveries.empty')}</p>;
  return (
    <div>
      <FormError error={replay.error} />
      <table class="table--stack" aria-label={t('webhooks.deliveries.label')}>
        <thead>
          <tr>
            <th>{t('webhooks.deliveries.when')}</th>
            <th>{t('webhooks.deliveries.event')}</th>
            <th>{t('webhooks.deliveries.result')}</th>
            <th>{t('webhooks.deliveries.attempt')}</th>
            <th>{t('webhooks.deliveries.duration')}</th>
            <th>
              <span class="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.data.map((d) => (
            <tr key={d.id} data-testid="delivery">
              <td class="small cell--primary">{formatDateTime(d.createdAt)}</td>
              <td data-label={t('webhooks.deliveries.event')}>
                <code>{d.eventType}</code>
              </td>
              <td data-label={t('webhooks.deliveries.result')}>
                <Badge tone={d.success ? 'good' : 'bad'}>
                  {d.success ? t('webhooks.deliveries.ok', { status: d.statusCode ?? '' }) : d.statusCode ? t('webhooks.deliveries.httpStatus', { status: d.statusCode }) : t('webhooks.deliveries.failed')}
                </Badge>
                {d.success ? null : <FailureText d={d} />}
              </td>
              <td data-label={t('webhooks.deliveries.attempt')}>
                {d.attempt}
                {d.replay ? ` (${t('webhooks.deliveries.isReplay')})` : ''}
              </td>
              <td data-label={t('webhooks.deliveries.duration')} class="small">
                {t('webhooks.deliveries.ms', { ms: d.durationMs })}
              </td>
              <td class="cell--actions">
                <Button variant="ghost" disabled={replay.busy} onClick={() => replay.run(d.id)}>
                  {t('webhooks.deliveries.replay')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button variant="ghost" onClick={list.reload}>
        {t('webhooks.deliveries.refresh')}
      </Button>
    </div>
  );
}

function EndpointCard({ e, onChanged, onSecret }: { e: Endpoint; onChanged: () => void; onSecret: (s: string) => void }) {
  const [open, setOpen] = useState(false);
  const act = useSubmit(async (what: 'toggle' | 'rotate' | 'test' | 'delete') => {
    const param = { id: e.id };
    if (what === 'toggle') await call(api.webhooks[':id'].$patch({ param, json: { enabled: !e.enabled } }));
    if (what === 'rotate') {
      if (!confirm(t('webhooks.endpoint.confirmRotate'))) return;
      onSecret((await call(api.webhooks[':id']['rotate-secret'].$post({ param }))).data.secret);
    }
    if (what === 'test') {
      await call(api.webhooks[':id'].test.$post({ param }));
      toast(t('webhooks.endpoint.testQueued'), { body: t('webhooks.endpoint.testQueuedBody'), tone: 'success' });
      setOpen(true);
    }
    if (what === 'delete') {
      if (!confirm(t('webhooks.endpoint.confirmDelete'))) return;
      await call(api.webhooks[':id'].$delete({ param }));
    }
    onChanged();
  });
  const deliveriesId = `deliveries-${e.id}`;
  return (
    <li class="card" data-testid="endpoint">
      <div class="row row--between">
        <div class="endpoint__head">
          <strong class="break">{e.url}</strong>{' '}
          <Badge tone={e.enabled ? 'good' : 'bad'}>{e.enabled ? t('webhooks.endpoint.enabled') : t(`webhooks.endpoint.disabled.${e.disabledReason ?? 'manual'}`)}</Badge>
          <div class="small muted">
            {e.description ? `${e.description} · ` : ''}
            {e.events.includes('*') ? t('webhooks.endpoint.allEvents') : e.events.join(', ')}
          </div>
        </div>
        <div class="row">
          <Button variant="secondary" busy={act.busy} onClick={() => act.run('test')} disabled={!e.enabled} data-testid="send-test">
            {t('webhooks.endpoint.sendTest')}
          </Button>
          <Button variant="secondary" disabled={act.busy} onClick={() => act.run('toggle')}>
            {e.enabled ? t('webhooks.endpoint.disable') : t('webhooks.endpoint.enable')}
          </Button>
          <Button variant="ghost" disabled={act.busy} onClick={() => act.run('rotate')}>
            {t('webhooks.endpoint.rotate')}
          </Button>
          <Button variant="ghost" disabled={act.busy} onClick={() => act.run('delete')}>
            {t('webhooks.endpoint.delete')}
          </Button>
        </div>
      </div>
      <FormError error={act.error} />
      <button class="link" aria-expanded={open} aria-controls={deliveriesId} onClick={() => setOpen(!open)}>
        {open ? t('webhooks.endpoint.hideDeliveries') : t('webhooks.endpoint.showDeliveries')}
      </button>
      <div id={deliveriesId}>{open ? <Deliveries endpointId={e.id} /> : null}</div>
    </li>
  );
}

export function Webhooks() {
  const list = useAsync(() => call(api.webhooks.$get({ query: { limit: '100' } })), []);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('webhooks.title')} />
      <p class="muted">{t('webhooks.intro')}</p>
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      <NewEndpoint
        onCreated={(s) => {
          setSecret(s);
          void list.reload();
        }}
      />
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('webhooks.list.empty')}>{t('webhooks.list.emptyHint')}</Empty>
      ) : (
        <ul class="stack plain-list spaced" aria-label={t('webhooks.list.label')}>
          {list.data.data.map((e) => (
            <EndpointCard key={e.id} e={e} onChanged={list.reload} onSecret={setSecret} />
          ))}
        </ul>
      )}
    </>
  );
}
