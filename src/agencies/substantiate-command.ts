/**
 * `/terbukti ADU-XXXXXXXX <licence number or company name>` in the staff group: marks the case
 * substantiated against an agency that is in the registry; `/terbukti ADU-XXXXXXXX batal` takes
 * the mark off. The agency must be found exactly (a licence number, or a name the registry
 * matches without doubt): a count against the wrong company would harm an innocent one.
 */
import type { AgencyRegistry } from './agency-registry.js';
import type { AgencySubstantiation } from './agency-substantiation.js';

export type SubstantiateResult =
  | { result: 'marked'; name: string; licenceNo: string; count: number }
  | { result: 'unmarked' | 'not_marked' | 'no_case' | 'no_agency' | 'ambiguous' | 'unavailable' };

export type SubstantiateFn = (ticket: string, query: string) => Promise<SubstantiateResult>;

const CANCEL = new Set(['batal', 'cancel', 'hapus', 'undo']);

export function createSubstantiateCommand(deps: {
  registry: Pick<AgencyRegistry, 'lookup'>;
  substantiation: AgencySubstantiation;
  caseExists: (ticket: string) => Promise<boolean>;
  now?: () => number;
}): SubstantiateFn {
  const now = deps.now ?? Date.now;
  return async (ticket, query) => {
    if (!(await deps.caseExists(ticket))) return { result: 'no_case' };
    if (CANCEL.has(query.trim().toLowerCase())) {
      return { result: (await deps.substantiation.unmark(ticket)) ? 'unmarked' : 'not_marked' };
    }
    const lookup = await deps.registry.lookup(query);
    if (lookup.status !== 'ok') return { result: 'unavailable' };
    const m = lookup.result;
    if (m.kind === 'ambiguous') return { result: 'ambiguous' };
    if (m.kind === 'none') return { result: 'no_agency' };
    const at = now();
    const { licenceKey, name, licenceNo } = m.agency;
    await deps.substantiation.mark({ ticket, licenceKey, name, licenceNo, at });
    return { result: 'marked', name, licenceNo, count: await deps.substantiation.countFor(licenceKey, at) };
  };
}
