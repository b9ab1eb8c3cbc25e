/**
 * What the history is asked about (the tab's Show filter, the bot's "who changed the settings?"), and
 * the kind of the entries that answer it: the documents' names, written out here so that the tab's
 * bundle and reading the history load none of the services that write them (a test holds them equal
 * to those services' constants).
 */
export const HISTORY_TOPICS = {
  settings: { kind: 'planning-settings', label: 'settings changes' },
  plan: { kind: 'plan', label: 'plan builds' },
  'site-rules': { kind: 'site-mapping-rules', label: 'site mapping rules changes' },
  pbx: { kind: 'pbx-inventory', label: 'PBX imports' },
  sync: { kind: 'snapshot', label: 'syncs' },
} as const;

export type HistoryTopic = keyof typeof HISTORY_TOPICS;

/**
 * Every document whose changes the history records (the audit entries' `kind`), so a `--kind` that
 * names none of them and matches nothing can be told apart from a kind with no entries yet.
 */
export const AUDITED_KINDS: readonly string[] = [
  ...Object.values(HISTORY_TOPICS).map((t) => t.kind),
  'pbx-column-mapping',
  'portfolio',
  'msp-consent',
  'notifications.subscriptions',
  'orders.tracking',
];
