import type { Application, Job } from '../../../src/modules/jobs/jobs.schemas';
import { t } from '../i18n';
import { Badge } from './ui';

const STATUS_TONE = { open: 'good', closed: 'neutral', filled: 'info' } as const;
export const APPLICATION_TONE = { pending: 'warn', accepted: 'good', rejected: 'bad' } as const;

export function JobBadges({ job }: { job: Pick<Job, 'types' | 'status' | 'isSpecialized'> }) {
  return (
    <span class="tags">
      <Badge tone={STATUS_TONE[job.status]}>{t(`jobs.status.${job.status}`)}</Badge>
      {job.types.map((type) => (
        <Badge tone="info">{t(`jobs.types.${type}`)}</Badge>
      ))}
      {job.isSpecialized ? <Badge tone="warn">{t('jobs.specialized')}</Badge> : null}
    </span>
  );
}

export function ApplicationStatus({ status, testId }: { status: Application['status']; testId?: string }) {
  return (
    <Badge tone={APPLICATION_TONE[status]} {...(testId ? { testId } : {})}>
      {t(`jobs.applicationStatus.${status}`)}
    </Badge>
  );
}

export function Skills({ skills }: { skills: string[] }) {
  if (skills.length === 0) return null;
  return (
    <ul class="tags tags--list" aria-label={t('jobs.requiredSkills')}>
      {skills.map((s) => (
        <li>
          <Badge>{s}</Badge>
        </li>
      ))}
    </ul>
  );
}
