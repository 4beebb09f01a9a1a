import { useState } from 'preact/hooks';
import type { WorkOrder } from '../../../src/modules/cmms/cmms.schemas';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { dayEnd, dayOf } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { useSubmit } from '../lib/use-submit';
import { loadAssets, PRIORITIES, useDirectory } from './cmms-bits';
import { Button, Choices, Field, FormError } from './ui';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Create a work order, or change one (admins): title, description, asset, priority, due date, people, contractor, checklist. */
export function WorkOrderForm({ wo, onSaved, onCancel }: { wo?: WorkOrder; onSaved: (saved: WorkOrder) => void; onCancel: () => void }) {
  const { members, partners } = useDirectory();
  const assets = useAsync(() => loadAssets(), []);
  const initialChecklist = (wo?.checklist ?? []).map((i) => i.label).join('\n');
  const [v, setV] = useState({
    title: wo?.title ?? '',
    description: wo?.description ?? '',
    assetId: wo?.assetId ?? '',
    priority: wo?.priority ?? 'medium',
    type: wo?.type === 'preventive' ? 'preventive' : 'corrective',
    dueAt: wo?.dueAt ? dayOf(new Date(wo.dueAt)) : '',
    assigneeIds: wo?.assigneeIds ?? [],
    contractorCompanyId: wo?.contractorCompanyId ?? '',
    checklist: initialChecklist,
  });
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  const form = useSubmit(async () => {
    const due = v.dueAt ? dayEnd(v.dueAt) : undefined;
    if (wo) {
      const body = await call(
        api.cmms.workorders[':id'].$patch({
          param: { id: wo.id },
          json: {
            title: v.title,
            description: v.description,
            assetId: v.assetId || null,
            priority: v.priority,
            dueAt: due ?? null,
            assigneeIds: v.assigneeIds,
            contractorCompanyId: v.contractorCompanyId || null,
            ...(v.checklist !== initialChecklist ? { checklist: lines(v.checklist) } : {}),
          },
        }),
      );
      onSaved(body.data);
    } else {
      const body = await call(
        api.cmms.workorders.$post({
          json: {
            title: v.title,
            description: v.description,
            ...(v.assetId ? { assetId: v.assetId } : {}),
            priority: v.priority,
            type: v.type === 'preventive' ? 'preventive' : 'corrective',
            ...(due ? { dueAt: due } : {}),
            assigneeIds: v.assigneeIds,
            ...(v.contractorCompanyId ? { contractorCompanyId: v.contractorCompanyId } : {}),
            checklist: lines(v.checklist),
          },
        }),
      );
      onSaved(body.data);
    }
  });
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={wo ? t('cmms.wo.form.editTitle') : t('cmms.wo.form.newTitle')} data-testid="wo-form">
      <FormError error={form.error} fields={Object.keys(v)} />
      <Field label={t('cmms.wo.form.title')} error={form.fields.title}>
        {(a) => <input {...a} name="title" value={v.title} onInput={(e) => set({ title: e.currentTarget.value })} />}
      </Field>
      <Field label={t('cmms.wo.form.description')} error={form.fields.description}>
        {(a) => <textarea {...a} name="description" value={v.description} onInput={(e) => set({ description: e.currentTarget.value })} />}
      </Field>
      <div class="form-grid">
        <Field label={t('cmms.wo.asset')} error={form.fields.assetId}>
          {(a) => (
            <select {...a} name="assetId" value={v.assetId} onChange={(e) => set({ assetId: e.currentTarget.value })}>
              <option value="">{t('cmms.wo.form.noAsset')}</option>
              {(assets.data ?? []).map((x) => (
                <option value={x.id}>
                  {x.name} ({x.code})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.wo.priority')} error={form.fields.priority}>
          {(a) => (
            <select {...a} name="priority" value={v.priority} onChange={(e) => set({ priority: PRIORITIES.find((p) => p === e.currentTarget.value) ?? 'medium' })}>
              {PRIORITIES.map((p) => (
                <option value={p}>{t(`cmms.priority.${p}`)}</option>
              ))}
            </select>
          )}
        </Field>
        {wo ? null : (
          <Field label={t('cmms.wo.type')} error={form.fields.type}>
            {(a) => (
              <select {...a} name="type" value={v.type} onChange={(e) => set({ type: e.currentTarget.value === 'preventive' ? 'preventive' : 'corrective' })}>
                <option value="corrective">{t('cmms.type.corrective')}</option>
                <option value="preventive">{t('cmms.type.preventive')}</option>
              </select>
            )}
          </Field>
        )}
        <Field label={t('cmms.wo.form.dueAt')} error={form.fields.dueAt}>
          {(a) => <input {...a} name="dueAt" type="date" class="input--date" value={v.dueAt} onInput={(e) => set({ dueAt: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.wo.contractor')} error={form.fields.contractorCompanyId} hint={t('cmms.wo.form.contractorHint')}>
          {(a) => (
            <select {...a} name="contractorCompanyId" value={v.contractorCompanyId} onChange={(e) => set({ contractorCompanyId: e.currentTarget.value })}>
              <option value="">{t('cmms.wo.form.noContractor')}</option>
              {(partners.data ?? []).map((p) => (
                <option value={p.id}>{p.name}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Choices legend={t('cmms.wo.assignees')} error={form.fields.assigneeIds}>
        {(a) => (
          <div class="checks">
            {(members.data ?? []).map((m) => (
              <label key={m.id}>
                <input
                  {...a}
                  type="checkbox"
                  name="assignee"
                  value={m.email}
                  checked={v.assigneeIds.includes(m.id)}
                  onChange={() => set({ assigneeIds: v.assigneeIds.includes(m.id) ? v.assigneeIds.filter((x) => x !== m.id) : [...v.assigneeIds, m.id] })}
                />{' '}
                {m.name}
              </label>
            ))}
          </div>
        )}
      </Choices>
      <Field label={t('cmms.wo.checklist')} error={form.fields.checklist} hint={wo ? t('cmms.wo.form.checklistEditHint') : t('cmms.wo.form.checklistHint')}>
        {(a) => <textarea {...a} name="checklist" value={v.checklist} onInput={(e) => set({ checklist: e.currentTarget.value })} />}
      </Field>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="wo-submit">
          {wo ? t('common.save') : t('cmms.wo.form.create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
