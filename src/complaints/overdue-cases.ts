/** Open cases past their next-step deadline, most overdue first: for supervisors' lists and the report. */
import type { DeadlinePolicy } from './case-deadlines.js';
import type { CaseRecord, CaseStatus, ComplaintCategory } from './complaint-schema.js';

export interface OverdueCase {
  ticket: string;
  category: ComplaintCategory;
  country: string;
  status: CaseStatus;
  urgent: boolean;
  /** The deadline that passed (epoch ms). */
  due: number;
}

export function overdueCases(cases: CaseRecord[], policy: DeadlinePolicy, now: number): OverdueCase[] {
  const out: OverdueCase[] = [];
  for (const c of cases) {
    const k = c.complaint;
    const due = policy.deadlineOf({ ...k, status: c.status, since: c.updatedAt });
    if (due === null || due >= now) continue;
    out.push({ ticket: c.ticket, category: k.category, country: k.country, status: c.status, urgent: k.urgent, due });
  }
  return out.sort((a, b) => a.due - b.due);
}
