import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { Button, ErrorNote, Field, FormError, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';
import { useTitle } from '../../lib/use-title';

/**
 * The request portal behind an asset's QR code: no login, works on a phone. Shows the asset and company, takes a
 * title, description, name and (optionally) an email; says when it was sent and when too many were sent.
 */
export function PublicRequest() {
  const { params } = useRoute();
  const token = params.token!;
  const asset = useAsync(() => call(api.public.assets[':requestToken'].$get({ param: { requestToken: token } })).then((b) => b.data), [token]);
  const [v, setV] = useState({ title: '', description: '', requesterName: '', requesterEmail: '' });
  const [sent, setSent] = useState(false);
  const form = useSubmit(async () => {
    await call(
      api.public.assets[':requestToken'].requests.$post({
        param: { requestToken: token },
        json: { title: v.title, description: v.description, requesterName: v.requesterName, ...(v.requesterEmail.trim() ? { requesterEmail: v.requesterEmail.trim() } : {}) },
      }),
    );
    setSent(true);
  });
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  if (asset.error?.code === 'NOT_FOUND') return <Unknown />;
  if (asset.error) return <ErrorNote error={asset.error} retry={asset.reload} />;
  if (!asset.data) return <Loading />;
  const { assetName, companyName } = asset.data;
  return (
    <div class="portal">
      <PageHeader title={t('cmms.portal.title', { asset: assetName })} />
      <p class="muted">{t('cmms.portal.intro', { company: companyName })}</p>
      {sent ? (
        <div class="alert alert--good" role="status" data-testid="portal-sent">
          <p>
            <strong>{t('cmms.portal.sentTitle')}</strong>
          </p>
          <p>{t('cmms.portal.sentBody', { company: companyName })}</p>
          <Button
            variant="secondary"
            onClick={() => {
              setSent(false);
              setV({ ...v, title: '', description: '' });
            }}
          >
            {t('cmms.portal.another')}
          </Button>
        </div>
      ) : (
        <form class="card" onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.portal.form')}>
          {form.error?.code === 'RATE_LIMITED' ? (
            <div class="alert alert--error" role="alert" tabIndex={-1} data-form-error data-testid="portal-limited">
              {t('cmms.portal.limited')}
            </div>
          ) : (
            <FormError error={form.error} fields={['title', 'description', 'requesterName', 'requesterEmail']} />
          )}
          <Field label={t('cmms.portal.what')} error={form.fields.title} hint={t('cmms.portal.whatHint')}>
            {(a) => <input {...a} name="title" value={v.title} onInput={(e) => set({ title: e.currentTarget.value })} />}
          </Field>
          <Field label={t('cmms.portal.details')} error={form.fields.description} hint={t('cmms.portal.detailsHint')}>
            {(a) => <textarea {...a} name="description" value={v.description} onInput={(e) => set({ description: e.currentTarget.value })} />}
          </Field>
          <Field label={t('cmms.portal.name')} error={form.fields.requesterName}>
            {(a) => <input {...a} name="requesterName" autocomplete="name" value={v.requesterName} onInput={(e) => set({ requesterName: e.currentTarget.value })} />}
          </Field>
          <Field label={t('cmms.portal.email')} error={form.fields.requesterEmail} hint={t('cmms.portal.emailHint')}>
            {(a) => <input {...a} name="requesterEmail" type="email" autocomplete="email" value={v.requesterEmail} onInput={(e) => set({ requesterEmail: e.currentTarget.value })} />}
          </Field>
          <Button type="submit" busy={form.busy} class="w-full" data-testid="portal-submit">
            {t('cmms.portal.submit')}
          </Button>
        </form>
      )}
    </div>
  );
}

function Unknown() {
  const title = t('cmms.portal.unknownTitle');
  useTitle(title);
  return (
    <section class="card state-page" data-testid="portal-unknown">
      <h1>{title}</h1>
      <p class="muted">{t('cmms.portal.unknownBody')}</p>
    </section>
  );
}
