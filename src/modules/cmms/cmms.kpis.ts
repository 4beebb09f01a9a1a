import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { nowIso } from '../../core/db/columns';
import { badRequest, notFound } from '../../core/errors';
import { scopeOf } from '../../core/tenancy/scope';
import { getAsset, kpiFigures } from './cmms.queries';
import { MAX_KPI_DAYS, type kpiQuery, type Kpis } from './cmms.schemas';
import { addDays } from './cmms.helpers';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Maintenance KPIs of the caller's company (or one asset) over [from, to) — by default the last 30 days:
 *   downtimeHours       Σ over downtime records of their overlap with the window (an open record runs to now)
 *   mtbfHours           (operating hours − downtimeHours) ÷ failures; operating hours = Σ over live, non-retired
 *                       assets of the window's part since the asset existed (up to now); failures = downtime records
 *                       that started in the window; null without failures
 *   mttrHours           mean length of the downtime records that ended in the window; null without any
 *   pmCompliancePercent preventive work orders due in the window (not cancelled) completed by their due time ÷ those
 *                       due × 100; null when none were due
 *   backlog             work orders open, in progress or on hold now, by whole days since creation: 0-7, 8-30, 31+
 */
export async function kpis(ctx: Ctx, caller: Caller, q: z.output<typeof kpiQuery>): Promise<Kpis> {
  const now = nowIso();
  const to = q.to ?? now;
  const from = q.from ?? addDays(to, -30);
  if (Date.parse(to) - Date.parse(from) > MAX_KPI_DAYS * 86_400_000) throw badRequest(`Invalid from: the window is at most ${MAX_KPI_DAYS} days`, 'from');
  const asset = q.assetId ? await getAsset(ctx.db, scopeOf(caller), q.assetId) : undefined;
  if (q.assetId && !asset) throw notFound('Asset');
  const companyId = asset?.companyId ?? caller.companyId;
  const f = await kpiFigures(ctx.db, companyId, from, to, asset?.id, now);
  const operating = Math.max(0, f.operatingHours - f.downtimeHours);
  return {
    from,
    to,
    assetId: asset?.id ?? null,
    mtbfHours: f.failures > 0 ? round(operating / f.failures, 2) : null,
    mttrHours: f.meanRepairHours === null ? null : round(f.meanRepairHours, 2),
    pmCompliancePercent: f.pmDue > 0 ? round((100 * f.pmOnTime) / f.pmDue, 1) : null,
    backlog: { total: f.backlog.total, byAge: { '0-7': f.backlog.week, '8-30': f.backlog.month, '31+': f.backlog.total - f.backlog.week - f.backlog.month } },
    downtimeHours: round(f.downtimeHours, 2),
    failures: f.failures,
    repairs: f.repairs,
    pmDue: f.pmDue,
    pmOnTime: f.pmOnTime,
  };
}
