/**
 * Editing sections of the planning settings in a form: a draft of one or more top-level sections,
 * field-level errors from the server's own schema (POST /api/settings/validate and a refused PATCH
 * answer issues by JSON path, mapped here to the fields), and a save through PATCH /api/settings with
 * each section as read - so a change to another section or to a site's decision never conflicts,
 * and a real conflict carries both versions ("apply mine again" re-sends against what is stored now).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient, ApiIssue } from '../../api-client';
import { ApiError } from '../../api-client';
import type { SettingsDocument, SettingsItemChangeView } from '../../api-types';
import type { AsyncState } from '../../hooks/use-async';
import { conflictsOf, reapply } from '../sites/ItemConflict';

export type SectionId = 'tenant' | 'operators' | 'sbcs' | 'callingPlan' | 'traffic' | 'costs' | 'scheduling';
export type Draft = Record<string, unknown>;

/** `$.scheduling.changeFreezes[0].to` -> `scheduling.changeFreezes.0.to`: the key the fields use. */
export function fieldPath(path: string | undefined): string {
  return (path ?? '').replace(/^\$\.?/, '').replace(/\[(\d+)\]/g, '.$1');
}

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; version: number | null }
  | { kind: 'invalid'; message: string; issues: ApiIssue[] }
  | { kind: 'conflict'; error: unknown; changes: SettingsItemChangeView[] }
  | { kind: 'error'; error: unknown };

export interface SectionEditor {
  draft: Draft;
  /** Replace one section's draft value. */
  setSection: (section: SectionId, value: unknown) => void;
  dirty: boolean;
  state: SaveState;
  /** The error message for a field, by its path (`scheduling.cutoverTime`). */
  errorAt: (path: string) => string | undefined;
  /** Issues of these sections that no field shows (listed above the form). */
  otherIssues: (shownPaths: (path: string) => boolean) => ApiIssue[];
  /** Checks the draft against the schema and the tenant, without saving. */
  validate: () => Promise<void>;
  save: () => Promise<void>;
  applyMine: () => Promise<void>;
  reset: () => void;
}

const read = (doc: SettingsDocument | undefined, s: SectionId): unknown => (doc?.settings as Record<string, unknown> | undefined)?.[s];

export function useSectionEditor(api: ApiClient, doc: AsyncState<SettingsDocument>, sections: SectionId[], defaults: (s: SectionId) => unknown): SectionEditor {
  const key = sections.join(',');
  const initial = useCallback((): Draft => Object.fromEntries(sections.map((s) => [s, structuredClone(read(doc.data, s) ?? defaults(s))])), [doc.data, key]); // eslint-disable-line react-hooks/exhaustive-deps
  const [draft, setDraft] = useState<Draft>(initial);
  const [dirty, setDirty] = useState(false);
  const [issues, setIssues] = useState<ApiIssue[]>([]);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const validation = useRef(0);

  // A new document (loaded, saved here or reloaded) replaces the draft unless the admin is editing.
  useEffect(() => {
    if (!dirty) setDraft(initial());
  }, [initial]); // eslint-disable-line react-hooks/exhaustive-deps

  const setSection = useCallback((section: SectionId, value: unknown) => {
    setDraft((d) => ({ ...d, [section]: value }));
    setDirty(true);
    setState((s) => (s.kind === 'saved' ? { kind: 'idle' } : s));
  }, []);

  const mine = (i: ApiIssue) => sections.some((s) => fieldPath(i.path) === s || fieldPath(i.path).startsWith(`${s}.`));
  const byPath = useMemo(() => {
    const m = new Map<string, string>();
    for (const i of issues) if (i.severity !== 'warning' && !m.has(fieldPath(i.path))) m.set(fieldPath(i.path), i.message);
    return m;
  }, [issues]);

  const changes = (): SettingsItemChangeView[] =>
    sections
      .filter((s) => JSON.stringify(draft[s]) !== JSON.stringify(read(doc.data, s) ?? defaults(s)) || read(doc.data, s) === undefined)
      .map((s) => ({ target: { kind: 'section', section: s }, value: draft[s], expected: read(doc.data, s) ?? null }));

  async function send(list: SettingsItemChangeView[]) {
    if (list.length === 0) {
      setState({ kind: 'saved', version: doc.data?.version ?? null });
      setDirty(false);
      return;
    }
    setState({ kind: 'saving' });
    try {
      const saved = await api.changeSettings(list);
      setIssues([]);
      setDirty(false);
      setState({ kind: 'saved', version: saved.version });
      doc.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && conflictsOf(e).length) setState({ kind: 'conflict', error: e, changes: list });
      else if (e instanceof ApiError && e.status === 400) {
        setIssues(e.issues);
        setState({ kind: 'invalid', message: e.message, issues: e.issues.filter(mine) });
      } else setState({ kind: 'error', error: e });
    }
  }

  return {
    draft,
    setSection,
    dirty,
    state,
    errorAt: (path) => byPath.get(path),
    otherIssues: (shown) => issues.filter((i) => i.severity !== 'warning' && mine(i) && !shown(fieldPath(i.path))),
    async validate() {
      if (!doc.data) return;
      const id = ++validation.current;
      try {
        const r = await api.validateSettings({ ...doc.data.settings, ...draft });
        if (id !== validation.current) return;
        setIssues((r.issues ?? []).filter(mine));
      } catch {
        // Validation while typing is a help, not a gate: the save reports what is wrong.
      }
    },
    save: () => send(changes()),
    async applyMine() {
      if (state.kind !== 'conflict') return;
      await send(reapply(state.changes, conflictsOf(state.error)));
    },
    reset() {
      setDirty(false);
      setIssues([]);
      setState({ kind: 'idle' });
      setDraft(initial());
      doc.reload();
    },
  };
}
