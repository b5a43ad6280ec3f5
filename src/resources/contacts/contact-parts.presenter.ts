// The nested lists every contact document carries: tags, locations, mega_comments (spec §1.8).
import { arr, type XNode } from '../../codec/node.js';
import { commentNode } from '../comments/comments.presenter.js';
import { locationNode } from '../locations/locations.presenter.js';
import type { PresentOptions } from '../present-options.js';
import { recordTagNode } from '../tags/tags.presenter.js';
import type { ContactParts } from './contact-parts.js';

export function contactPartNodes(parts: ContactParts, opts: PresentOptions): XNode[] {
  return [
    arr('tags', parts.tags.map((t) => recordTagNode(t, opts))),
    arr('locations', parts.locations.map(locationNode)),
    arr('mega_comments', parts.comments.map(commentNode)),
  ];
}
