// SuperTag definition and value documents (spec §7).
import { el, int, list, str, type XNode } from '../../codec/node.js';
import type { SuperTagDefinition } from './super-tags.repository.js';
import type { AppliedSuperTag } from './super-tags.service.js';

/** Text fields carry their name as content; choice fields carry it in `name` and list options. */
export function definitionNode(def: SuperTagDefinition): XNode {
  const fields = def.fields.map((f): XNode => {
    if (f.field_type !== 'Multiple choice') {
      return { kind: 'scalar', name: 'field', value: f.name, attrs: { type: f.field_type } };
    }
    const options = ['', ...(JSON.parse(f.options) as string[])];
    return el('field', options.map((o) => str('option', o)), { type: f.field_type, name: f.name });
  });
  // `fields` is a list (no type attribute in XML, as documented): as a plain parent its repeated
  // `<field>` children would overwrite one another in JSON, leaving only the last field.
  return el('super_tag', [str('name', def.tag.name), list('fields', fields)]);
}

/** Values on a record: id, name, then one element per non-empty field, in field order. */
export function valuesNode(applied: AppliedSuperTag): XNode {
  const { tag } = applied.definition;
  return el('super_tag', [
    int('id', tag.id),
    str('name', tag.name),
    ...applied.values.filter((v) => v.value !== '').map((v) => str(v.field.field_key, v.value)),
  ]);
}
