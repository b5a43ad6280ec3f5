// The typed record a presenter builds and the codec writes out as XML or JSON.
// One element of a Rails-style document: a scalar with an optional Rails type, or a list of
// children in a fixed order. Presenters use the small constructors below so that element order
// and types are written down once per resource (STYLE.md, convention 1).

export type RailsType = 'integer' | 'boolean' | 'datetime' | 'array';

export interface ScalarNode {
  kind: 'scalar';
  name: string;
  value: string | null;
  type?: RailsType;
  /** extra attributes, written after `type` (e.g. `<field type="Text">`) */
  attrs?: Record<string, string>;
}

export interface ParentNode {
  kind: 'parent';
  name: string;
  children: XNode[];
  /** `array` writes type="array"; `list` is an array in JSON without the XML attribute (spec §11) */
  collection?: 'array' | 'list';
  attrs?: Record<string, string>;
}

export type XNode = ScalarNode | ParentNode;

export const str = (name: string, value: string | null | undefined): ScalarNode => ({
  kind: 'scalar',
  name,
  value: value ?? null,
});

export const int = (name: string, value: number | null | undefined): ScalarNode => ({
  kind: 'scalar',
  name,
  value: value === null || value === undefined ? null : String(value),
  type: 'integer',
});

export const bool = (name: string, value: boolean): ScalarNode => ({
  kind: 'scalar',
  name,
  value: value ? 'true' : 'false',
  type: 'boolean',
});

export const datetime = (name: string, value: string | null): ScalarNode => ({
  kind: 'scalar',
  name,
  value,
  type: 'datetime',
});

export const el = (name: string, children: XNode[], attrs?: Record<string, string>): ParentNode => ({
  kind: 'parent',
  name,
  children,
  ...(attrs ? { attrs } : {}),
});

/** A collection: `<name type="array">`, also when empty (spec §1.5). */
export const arr = (name: string, children: XNode[]): ParentNode => ({
  kind: 'parent',
  name,
  children,
  collection: 'array',
});

/** A repeated-element list written without `type` (deal's attached_* lists, spec §11). */
export const list = (name: string, children: XNode[]): ParentNode => ({
  kind: 'parent',
  name,
  children,
  collection: 'list',
});
