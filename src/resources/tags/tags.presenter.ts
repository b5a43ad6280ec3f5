// Tag documents (spec §6) and the tag fragment inside records (spec §1.8).
import { bool, el, int, str, type XNode } from '../../codec/node.js';
import type { TagRow } from '../../storage/schema.js';
import type { PresentOptions } from '../present-options.js';
import type { TagView } from './tags.repository.js';

function nameAttr(name: string, opts: PresentOptions): Record<string, string> | undefined {
  return opts.tagNameAttribute ? { name } : undefined;
}

/** `<tag>` in tags.xml and tags/{name}.xml: id, name, supertag. */
export function tagNode(row: TagRow, opts: PresentOptions): XNode {
  return el('tag', [int('id', row.id), str('name', row.name), bool('supertag', row.is_super === 1)], nameAttr(row.name, opts));
}

/**
 * `<tag>` inside a record: SuperTags always carry `<fields>` (possibly empty), plain tags never
 * do — the .NET client depends on both (spec §1.8). Empty values are omitted.
 */
export function recordTagNode(view: TagView, opts: PresentOptions): XNode {
  const children: XNode[] = [int('id', view.id), str('name', view.name), bool('supertag', view.isSuper)];
  if (view.isSuper) {
    children.push(el('fields', view.fields.filter((f) => f.value !== '').map((f) => str(f.key, f.value))));
  }
  return el('tag', children, nameAttr(view.name, opts));
}
