import { useEffect, useState } from 'preact/hooks';
import type { Endpoint } from '../../../../src/modules/webhooks/webhooks.schemas';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader } from '../../components/ui';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

/** A secret is shown once: copy it now or rotate later. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="alert alert--good" role="alert" data-testid="secret-once">
      <p>
        <strong>Signing secret — shown only once.</strong> Store it in your receiver now to verify <code>webhook-signature</code>.
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
              toast('Copy failed', { body: 'Select the secret and copy it by hand.', tone: 'error' });
            }
          }}
        >
          {copied ? 'Copied ✓' : 'Copy secret'}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          I have stored it
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
  const eventTypes = useAsync(() => call(api.webhooks['event-types'].$get()).then((b) => b.data.filter((t) => t.type !== 'webhooks.test')), []);
  const form = useSubmit(async () => {
    const body = await call(api.webhooks.$post({ json: { url: url.trim(), description, events: all ? ['*'] : chosen } }));
    setUrl('');
    setDescription('');
    onCreated(body.data.secret);
  });
  return (
    <form class="card" onSubmit={form.onSubmit()} noValidate aria-label="Add endpoint">
      <h2>Add an endpoint</h2>
      <FormError error={form.error} fields={['url', 'events', 'description']} />
      <Field label="Endpoint URL" error={form.fields.url} hint="https, public host. Deliveries are signed (Standard Webhooks).">
        {(a) => <input {...a} type="url" placeholder="https://example.com/webhooks/completo" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />}
      </Field>
      <Field label="Description" error={form.fields.description}>
        {(a) => <input {...a} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
      </Field>
      <fieldset class="field">
        <legend>Events</legend>
        <label class="checks">
          <span>
            <input type="checkbox" checked={all} onChange={() => setAll(!all)} /> All events
          </span>
        </label>
        {all ? null : eventTypes.error ? (
          <ErrorNote error={eventTypes.error} retry={eventTypes.reload} />
        ) : !eventTypes.data ? (
          <Loading label="Loading event types…" />
        ) : (
          <div class="checks">
            {eventTypes.data.map(({ type: t }) => (
              <label>
                <input type="checkbox" checked={chosen.includes(t)} onChange={() => setChosen(chosen.includes(t) ? chosen.filter((x) => x !== t) : [...chosen, t])} />{' '}
                <code>{t}</code>
              </label>
            ))}
          </div>
        )}
        {form.fields.events ? <p class="field__msg">{form.fields.events}</p> : null}
      </fieldset>
      <Button type="submit" busy={form.busy}>
        Add endpoint
      </Button>
    </form>
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
    toast('Replay queued', { body: 'Same webhook-id as the original.', tone: 'success' });
  });
  if (list.error) return <ErrorNote error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.data.length === 0) return <p class="muted small">No deliveries yet. Send a test event.</p>;
  return (
    <div class="table-wrap">
      <FormError error={replay.error} />
      <table aria-label="Deliveries">
        <thead>
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>Result</th>
            <th>Attempt</th>
            <th>Time</th>
            <th>
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.data.map((d) => (
            <tr key={d.id} data-testid="delivery">
              <td class="small">{formatDateTime(d.createdAt)}</td>
              <td>
                <code>{d.eventType}</code>
              </td>
              <td>
                <Badge tone={d.success ? 'good' : 'bad'}>{d.success ? `${d.statusCode} OK` : d.statusCode ? `${d.statusCode}` : 'failed'}</Badge>
                {d.error ? <div class="small muted">{d.error}</div> : null}
              </td>
              <td>
                {d.attempt}
                {d.replay ? ' (replay)' : ''}
              </td>
              <td class="small">{d.durationMs} ms</td>
              <td>
                <Button variant="ghost" disabled={replay.busy} onClick={() => replay.run(d.id)}>
                  Replay
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button variant="ghost" onClick={list.reload}>
        Refresh
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
      if (!confirm('Rotate the signing secret? The old one keeps working for 24 hours.')) return;
      onSecret((await call(api.webhooks[':id']['rotate-secret'].$post({ param }))).data.secret);
    }
    if (what === 'test') {
      await call(api.webhooks[':id'].test.$post({ param }));
      toast('Test event queued', { body: 'It appears in the deliveries in a moment.', tone: 'success' });
      setOpen(true);
    }
    if (what === 'delete') {
      if (!confirm('Delete this endpoint? Deliveries stop at once.')) return;
      await call(api.webhooks[':id'].$delete({ param }));
    }
    onChanged();
  });
  return (
    <li class="card" data-testid="endpoint">
      <div class="row row--between">
        <div>
          <strong style="word-break:break-all">{e.url}</strong>{' '}
          <Badge tone={e.enabled ? 'good' : 'bad'}>{e.enabled ? 'enabled' : `disabled${e.disabledReason ? ` (${e.disabledReason})` : ''}`}</Badge>
          <div class="small muted">
            {e.description ? `${e.description} · ` : ''}
            {e.events.includes('*') ? 'All events' : e.events.join(', ')}
          </div>
        </div>
        <div class="row">
          <Button variant="secondary" busy={act.busy} onClick={() => act.run('test')} disabled={!e.enabled}>
            Send test
          </Button>
          <Button variant="secondary" disabled={act.busy} onClick={() => act.run('toggle')}>
            {e.enabled ? 'Disable' : 'Enable'}
          </Button>
          <Button variant="ghost" disabled={act.busy} onClick={() => act.run('rotate')}>
            Rotate secret
          </Button>
          <Button variant="ghost" disabled={act.busy} onClick={() => act.run('delete')}>
            Delete
          </Button>
        </div>
      </div>
      <FormError error={act.error} />
      <button class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide deliveries' : 'Show deliveries'}
      </button>
      {open ? <Deliveries endpointId={e.id} /> : null}
    </li>
  );
}

export function Webhooks() {
  const list = useAsync(() => call(api.webhooks.$get({ query: { limit: '100' } })), []);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Webhooks" />
      <p class="muted">
        Completo POSTs signed events to your systems, retries failures for up to a day and a half, and keeps a delivery log you can replay from.
      </p>
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      <NewEndpoint
        onCreated={(s) => {
          setSecret(s);
          void list.reload();
        }}
      />
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title="No endpoints yet" />
      ) : (
        <ul class="stack" style="list-style:none;padding:0;margin-top:1rem">
          {list.data.data.map((e) => (
            <EndpointCard key={e.id} e={e} onChanged={list.reload} onSecret={setSecret} />
          ))}
        </ul>
      )}
    </>
  );
}
