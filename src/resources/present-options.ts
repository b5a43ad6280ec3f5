// Presentation switches that come from configuration, passed to presenters explicitly.
export interface PresentOptions {
  /** emit the old `<tag name="...">` attribute (spec §1.8); off by default */
  tagNameAttribute: boolean;
}

export const DEFAULT_PRESENT_OPTIONS: PresentOptions = { tagNameAttribute: false };
