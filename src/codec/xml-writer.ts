// Typed record → Rails-style XML text (spec §1.5): underscores, fixed order, `type` attributes,
// empty start+end pairs for nulls and empty lists (safe for the .NET reader), two-space indent.
import type { XNode } from './node.js';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

// XML 1.0 forbids most C0 control characters even as references; drop them on output so a
// stored value can never make a document unparseable.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// Most values need no escaping at all; one scan decides before the replacements run.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"\r]/;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Every XML parser turns a literal CR (and CRLF) into LF (XML 1.0 §2.11), so a stored CR
    // only survives as a reference; values must round-trip exactly (issue 5, spec §1.5).
    .replace(/\r/g, '&#13;');
}

function attributes(node: XNode): string {
  let out = '';
  if (node.kind === 'scalar') {
    if (node.type) out = ` type="${node.type}"`;
  } else if (node.collection === 'array') out = ' type="array"';
  if (node.attrs) for (const k in node.attrs) out += ` ${k}="${escapeXml(node.attrs[k] as string)}"`;
  return out;
}

// Indentation strings by depth, made once (documents nest a few levels deep).
const INDENTS: string[] = Array.from({ length: 40 }, (_, i) => '  '.repeat(i));
const indentOf = (depth: number): string => INDENTS[depth] ?? '  '.repeat(depth);

/** One element and its children as text; strings are concatenated (V8 ropes), no arrays. */
function write(node: XNode, depth: number): string {
  const indent = indentOf(depth);
  const open = `${indent}<${node.name}${attributes(node)}>`;
  if (node.kind === 'scalar') return `${open}${node.value === null ? '' : escapeXml(node.value)}</${node.name}>\n`;
  if (node.children.length === 0) return `${open}</${node.name}>\n`;
  let out = `${open}\n`;
  for (const child of node.children) out += write(child, depth + 1);
  return `${out}${indent}</${node.name}>\n`;
}

/** One element (no declaration), indented by `depth` levels. */
export function toXmlFragment(node: XNode, depth = 0): string {
  return write(node, depth);
}

/** A whole document with the XML declaration. */
export function toXmlDocument(node: XNode): string {
  return XML_DECLARATION + toXmlFragment(node);
}

/** Opening and closing text of a streamed `<name type="array">` collection. */
export function xmlCollectionEnvelope(name: string): { open: string; close: string; empty: string } {
  return {
    open: `${XML_DECLARATION}<${name} type="array">\n`,
    close: `</${name}>\n`,
    empty: `${XML_DECLARATION}<${name} type="array"></${name}>\n`,
  };
}
