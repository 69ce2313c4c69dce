import { useState } from 'react';

/**
 * What a form shows: the core's value for each field the person has not touched, what the person typed
 * for each field they have. A reload (on a change of person, after a save elsewhere) can then never
 * overwrite a field being typed into.
 */
export function overlay<F extends Record<string, string>>(saved: F | null, empty: F, edits: Partial<F>): F {
  return { ...(saved ?? empty), ...edits } as F;
}

/**
 * A form's draft over what the core holds (see `overlay`). Call `reset()` after a successful save, so
 * the fields follow the core again.
 */
export function useDraft<F extends Record<string, string>>(saved: F | null, empty: F) {
  const [edits, setEdits] = useState<Partial<F>>({});
  return {
    draft: overlay(saved, empty, edits),
    set: (field: keyof F, value: string) => setEdits((e) => ({ ...e, [field]: value })),
    reset: () => setEdits({}),
    dirty: Object.keys(edits).length > 0,
  };
}
