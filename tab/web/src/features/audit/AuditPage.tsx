/**
 * History (`#/audit[/<entry id>][?kind=planning-settings]`): who changed what and when, newest first, a
 * page at a time; an entry opens beside the list with its settings diff in words, and a settings save
 * can be restored (saved again as the next version, audited as a restore; the current version stays
 * in the history).
 */
import { useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  Select,
  Field,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SidewaysScroll } from '../../components/SidewaysScroll';
import { ArrowUndoRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../../api-client';
import { ApiError } from '../../api-client';
import { DetailDrawer } from '../../components/DetailDrawer';
import { ErrorBar } from '../../components/Feedback';
import { useReturnFocus } from '../../components/use-return-focus';
import { useAsync } from '../../hooks/use-async';
import { usePagedList } from '../../hooks/use-paged-list';
import { count, dateTime } from '../../format';
import type { Navigate, Route } from '../../route';
import { HISTORY_TOPICS } from '../../../../../shared/services/history-topics';
import { historyEntry, historyPage, restoreSettings, type HistoryItem, type HistoryPage } from './audit-api';

const PAGE = 50;

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'end', flexWrap: 'wrap' },
  // JSON has few break points: a long value wraps anywhere rather than running past the table's edge.
  preview: { margin: 0, paddingLeft: '16px', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  whenColumn: { width: '190px' },
  whoColumn: { width: '20%' },
  whatColumn: { width: '22%' },
  // The entry's title reads from the left like the rest of its row.
  open: { justifyContent: 'flex-start', textAlign: 'left', paddingLeft: 0 },
  changes: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '4px' },
  change: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-word' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function AuditPage({ api, route, navigate }: { api: ApiClient; route: Route; navigate: Navigate }) {
  const styles = useStyles();
  const kind = route.params.kind;
  const [tick, setTick] = useState(0);
  const list = usePagedList<HistoryItem, HistoryPage>({
    key: kind ?? '',
    pageSize: PAGE,
    mode: 'more',
    load: (offset, limit) => historyPage(api, { offset, limit, kind }),
    items: (page) => page.items,
    hasMore: (page) => page.hasMore,
    // An entry saved meanwhile shifts the offsets: entries are kept once, newest first.
    merge: (shown, page) => [...new Map([...shown, ...page].map((i) => [i.id, i])).values()].sort((a, b) => b.id - a.id),
  });
  const settings = useAsync(() => api.settings(), [api, tick]);
  const items = list.items;
  const hasMore = list.hasNext;

  const selected = route.item && /^\d+$/.test(route.item) ? Number(route.item) : undefined;
  const refresh = () => {
    list.reset();
    setTick((t) => t + 1);
  };

  return (
    <main className={styles.page}>
      <Title2 as="h1">History</Title2>
      <div className={styles.toolbar}>
        <Field label="Show">
          <Select value={kind ?? ''} onChange={(_e, d) => navigate({ page: 'audit', params: { kind: d.value || undefined } }, { replace: true })} data-testid="audit-kind">
            <option value="">Every change</option>
            {Object.values(HISTORY_TOPICS).map((t) => (
              <option key={t.kind} value={t.kind}>
                {t.label[0].toUpperCase() + t.label.slice(1)}
              </option>
            ))}
          </Select>
        </Field>
        <Text className={styles.muted}>
          Current settings version: {settings.data ? (settings.data.version ?? 'none saved yet') : '…'}
        </Text>
      </div>
      {list.error !== undefined && <ErrorBar error={list.error} onRetry={list.reload} />}
      {items.length === 0 && list.loading && <Spinner label="Loading the history…" />}
      {items.length === 0 && !list.loading && list.answer && <Text>Nothing has been changed yet.</Text>}
      {items.length > 0 && (
        <SidewaysScroll minWidth={960}>
          <Table aria-label="Changes, newest first" data-testid="audit-list">
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.whenColumn}>When</TableHeaderCell>
                <TableHeaderCell className={styles.whoColumn}>Who</TableHeaderCell>
                <TableHeaderCell className={styles.whatColumn}>What</TableHeaderCell>
                <TableHeaderCell>Changes</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((e) => (
                <TableRow key={e.id} data-testid="audit-row" data-audit-id={e.id}>
                  <TableCell>{dateTime(e.at)}</TableCell>
                  <TableCell>{e.actor}</TableCell>
                  <TableCell>
                    <Button appearance="transparent" className={styles.open} onClick={() => navigate({ page: 'audit', item: String(e.id), params: route.params })} data-testid="audit-open">
                      {e.title}
                    </Button>
                  </TableCell>
                  <TableCell>
                    {e.preview && e.preview.length > 0 ? (
                      <ul className={styles.preview}>
                        {e.preview.map((p, i) => (
                          <li key={i}>{p}</li>
                        ))}
                        {(e.changeCount ?? 0) > e.preview.length && <li>…and {count((e.changeCount ?? 0) - e.preview.length)} more</li>}
                      </ul>
                    ) : (
                      <span className={styles.muted}>{!e.versions ? '–' : e.changeCount === 0 ? 'no change' : 'open the entry to see what changed'}</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </SidewaysScroll>
      )}
      {hasMore && (
        <div>
          <Button onClick={list.loadMore} disabled={list.loading} data-testid="audit-more">
            {list.loading ? 'Loading…' : 'Show older changes'}
          </Button>
        </div>
      )}
      {selected !== undefined && (
        <EntryPanel
          api={api}
          id={selected}
          currentVersion={settings.data?.version ?? null}
          onClose={() => navigate({ page: 'audit', params: route.params })}
          onRestored={refresh}
        />
      )}
    </main>
  );
}

function EntryPanel({ api, id, currentVersion, onClose, onRestored }: { api: ApiClient; id: number; currentVersion: number | null; onClose: () => void; onRestored: () => void }) {
  const styles = useStyles();
  const entry = useAsync(() => historyEntry(api, id), [api, id]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'restored'; version: number | null } | { kind: 'error'; error: unknown }>();
  useReturnFocus(confirming);
  const e = entry.data;
  const version = e?.versions?.after;
  const canRestore = e?.restorable && version !== undefined && version !== currentVersion;

  async function restore() {
    if (!e || version === undefined) return;
    setBusy(true);
    try {
      const saved = await restoreSettings(api, e.settings, version, currentVersion);
      setOutcome({ kind: 'restored', version: saved.version });
      onRestored();
    } catch (err) {
      setOutcome({ kind: 'error', error: err });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <DetailDrawer
      testId="audit-panel"
      label={e ? e.title : 'History entry'}
      title={e?.title ?? `Entry ${id}`}
      subtitle={e && `${e.actor}, ${dateTime(e.at)}`}
      loaded={e !== undefined}
      loadingLabel="Loading the entry…"
      error={entry.error}
      onRetry={entry.reload}
      onClose={onClose}
      dismissible={!confirming}
    >
      {e?.versions && (
        <Text>
          Version {e.versions.before ?? 'none'} → {e.versions.after}: {count(e.changeCount ?? 0)} change{e.changeCount === 1 ? '' : 's'}
        </Text>
      )}
      {e && e.changes.length > 0 && (
        <ul className={styles.changes} aria-label="What changed" data-testid="audit-changes">
          {e.changes.map((c, i) => (
            <li key={i} className={styles.change}>
              {c.text}
            </li>
          ))}
          {(e.changeCount ?? 0) > e.changes.length && <li>…and {count((e.changeCount ?? 0) - e.changes.length)} more</li>}
        </ul>
      )}
      {e && !e.versions && e.facts.length > 0 && (
        <ul className={styles.changes} aria-label="What it recorded" data-testid="audit-facts">
          {e.facts.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      )}
      {e && !e.versions && !e.facts.length && <Text>This change is recorded without details.</Text>}
      {outcome?.kind === 'restored' && (
        <MessageBar intent="success" data-testid="audit-restored">
          <MessageBarBody>
            Version {version} restored as version {outcome.version ?? '?'}.
          </MessageBarBody>
        </MessageBar>
      )}
      {outcome?.kind === 'error' && (
        <ErrorBar
          title={outcome.error instanceof ApiError && outcome.error.status === 409 ? 'Someone saved the settings since this page loaded' : 'Not restored'}
          error={outcome.error}
        />
      )}
      {e?.restorable && version === currentVersion && <Text className={styles.muted}>This is the current version.</Text>}
      {canRestore && (
        <div>
          <Button appearance="primary" icon={<ArrowUndoRegular />} onClick={() => setConfirming(true)} data-testid="audit-restore">
            Restore version {version}
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        id="restore-what"
        title={`Restore version ${version}?`}
        confirm={busy ? 'Restoring…' : `Restore version ${version}`}
        confirmTestId="audit-restore-confirm"
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={restore}
      >
        The settings of version {version} are saved as the next version (replacing version {currentVersion ?? 'none'}). Version {currentVersion ?? 'none'} stays in the history
        and can be restored in turn. Re-plan afterwards to apply it to the waves.
      </ConfirmDialog>
    </DetailDrawer>
  );
}
