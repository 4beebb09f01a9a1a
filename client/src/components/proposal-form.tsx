import { useEffect, useRef, useState } from 'preact/hooks';
import type { Proposal, Service } from '../../../src/modules/services/services.schemas';
import { t } from '../i18n';
import { ApiFailure, api, call } from '../lib/api';
import { formatMinor, formatPercent } from '../lib/format';
import { useSubmit } from '../lib/use-submit';
import { MoneyField, moneyText, parseMoney, readMoney } from './money';
import { Button, Field, FormError } from './ui';

const DEBOUNCE_MS = 300;
const FIELDS = ['price', 'timelineDays', 'message', 'currency'];

const previewOf = (price: number) => call(api.services['fee-preview'].$get({ query: { price: String(price) } })).then((b) => b.data);
type Preview = Awaited<ReturnType<typeof previewOf>>;

/**
 * The platform fee on the price being typed, from the server's current settings: asked for once typing pauses, the
 * last answer kept on screen (marked busy) while the next one is on its way.
 */
function FeePreview({ price, currency }: { price: number | null; currency: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    if (price === null || price < 1) {
      setPreview(null);
      setBusy(false);
      return;
    }
    setBusy(true);
    const timer = setTimeout(() => {
      previewOf(price)
        .then((p) => mine === seq.current && (setPreview(p), setFailed(false)))
        .catch(() => mine === seq.current && setFailed(true))
        .finally(() => mine === seq.current && setBusy(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [price]);
  return (
    <div class="fee-preview" aria-live="polite" aria-busy={busy} data-testid="fee-preview">
      {failed ? (
        <p class="small muted">{t('services.fee.unavailable')}</p>
      ) : !preview ? (
        <p class="small muted">{t('services.fee.typePrice')}</p>
      ) : (
        <dl class="facts facts--compact">
          <div>
            <dt>{t('services.fee.percent')}</dt>
            <dd data-testid="fee-percent">{formatPercent(preview.feePercent)}</dd>
          </div>
          <div>
            <dt>{t('services.fee.fee')}</dt>
            <dd data-testid="fee-amount">{formatMinor(preview.feeAmount, currency)}</dd>
          </div>
          <div>
            <dt>{t('services.fee.net')}</dt>
            <dd data-testid="fee-net">
              <strong>{formatMinor(preview.netAmount, currency)}</strong>
            </dd>
          </div>
        </dl>
      )}
    </div>
  );
}

/** Send a proposal to a request, or change one's submitted proposal: price (with the fee shown live), timeline, message. */
export function ProposalForm({ service, proposal, onSaved, onCancel }: { service: Service; proposal?: Proposal; onSaved: (p: Proposal) => void; onCancel?: () => void }) {
  const currency = service.currency;
  const [price, setPrice] = useState(() => moneyText(proposal?.price, currency));
  const [days, setDays] = useState(proposal ? String(proposal.timelineDays) : '');
  const [message, setMessage] = useState(proposal?.message ?? '');
  const parsed = parseMoney(price, currency);
  const form = useSubmit(async () => {
    const money = readMoney({ price: { text: price, currency, required: true } });
    if (money.price === 0) throw new ApiFailure(400, 'VALIDATION_FAILED', 'Invalid price', [{ path: 'price', message: t('services.proposals.form.priceAboveZero') }]);
    const json = { price: money.price!, timelineDays: Number(days), message };
    const body = proposal
      ? await call(api.proposals[':id'].$patch({ param: { id: proposal.id }, json }))
      : await call(api.services[':id'].proposals.$post({ param: { id: service.id }, json: { ...json, currency } }));
    onSaved(body.data);
  });
  const f = form.fields;
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={proposal ? t('services.proposals.form.editLabel') : t('services.proposals.form.newLabel')}>
      <FormError error={form.error} fields={FIELDS} />
      <div class="grid">
        <div>
          <MoneyField label={t('services.proposals.form.price')} name="price" currency={currency} value={price} onInput={setPrice} error={f.price ?? f.currency} testId="proposal-price" />
          <FeePreview price={parsed.kind === 'ok' ? parsed.minor : null} currency={currency} />
        </div>
        <Field label={t('services.proposals.form.timeline')} error={f.timelineDays} hint={t('services.proposals.form.timelineHint')}>
          {(a) => <input {...a} name="timelineDays" type="number" min="1" max="3650" inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} />}
        </Field>
      </div>
      <Field label={t('services.proposals.form.message')} error={f.message} hint={t('services.proposals.form.messageHint')}>
        {(a) => <textarea {...a} name="message" value={message} onInput={(e) => setMessage(e.currentTarget.value)} maxLength={5000} />}
      </Field>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="proposal-submit">
          {proposal ? t('services.proposals.form.save') : t('services.proposals.form.send')}
        </Button>
        {onCancel ? (
          <Button type="button" variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
