// `<affiliation>` of spec §13 (shape inferred: the section's content was lost).
import { bool, el, int, str, type XNode } from '../../codec/node.js';
import type { AffiliationRow } from '../../storage/schema.js';

export function affiliationNode(a: AffiliationRow): XNode {
  return el('affiliation', [
    int('id', a.id),
    int('person_id', a.person_id),
    int('company_id', a.company_id),
    str('job_title', a.job_title),
    bool('current', a.current === 1),
  ]);
}
