import type { Job } from '../../../src/modules/jobs/jobs.schemas';
import { Badge } from './ui';

const TYPE_LABEL: Record<Job['types'][number], string> = { public: 'Public', internal: 'Internal', partners: 'Partners' };
const STATUS_TONE = { open: 'good', closed: 'neutral', filled: 'info' } as const;

export function JobBadges({ job }: { job: Pick<Job, 'types' | 'status' | 'isSpecialized'> }) {
  return (
    <span class="tags">
      <Badge tone={STATUS_TONE[job.status]}>{job.status}</Badge>
      {job.types.map((t) => (
        <Badge tone="info">{TYPE_LABEL[t]}</Badge>
      ))}
      {job.isSpecialized ? <Badge tone="warn">Specialized</Badge> : null}
    </span>
  );
}

export function Skills({ skills }: { skills: string[] }) {
  if (skills.length === 0) return null;
  return (
    <span class="tags" aria-label="Required skills">
      {skills.map((s) => (
        <Badge>{s}</Badge>
      ))}
    </span>
  );
}
