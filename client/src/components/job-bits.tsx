import { Badge } from './ui';

export type JobType = 'public' | 'internal' | 'partners';
export interface JobView {
  id: string;
  companyId: string;
  companyName: string | null;
  title: string;
  description: string;
  types: JobType[];
  isSpecialized: boolean;
  requiredSkills: string[];
  vacancies: number;
  status: 'open' | 'closed' | 'filled';
  createdAt: string;
}

const TYPE_LABEL: Record<JobType, string> = { public: 'Public', internal: 'Internal', partners: 'Partners' };
const STATUS_TONE = { open: 'good', closed: 'neutral', filled: 'info' } as const;

export function JobBadges({ job }: { job: Pick<JobView, 'types' | 'status' | 'isSpecialized'> }) {
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
