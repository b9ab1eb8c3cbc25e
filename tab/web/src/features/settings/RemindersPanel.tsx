/**
 * Settings > Reminders: the chats and channels the bot reminds, what about, who set each up, and which
 * ones Teams refuses (paused: Teams' answer and when the bot tries again), paused first; an admin stops
 * a conversation's reminders here after a confirmation - a channel whose team was archived, the chat of
 * someone who left - without writing to the bot in it. Reminders are set up by asking the bot.
 */
import { useState } from 'react';
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ApiError, type ApiClient } from '../../api-client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBar } from '../../components/Feedback';
import { PageBar } from '../../components/PageBar';
import { SidewaysScroll } from '../../components/SidewaysScroll';
import { useReturnFocus } from '../../components/use-return-focus';
import { count, dateTime } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { describeConversation, describeTopics } from '../../../../../shared/services/reminder-words';
import { remindersPage, stopReminders, type ReminderRow } from './reminders-api';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '1100px' },
  topics: { margin: 0, paddingLeft: '16px' },
  // Names come from Teams as typed: a long word wraps inside its cell instead of running into the next.
  where: { overflowWrap: 'anywhere' },
  paused: { display: 'flex', flexDirection: 'column', gap: '4px', alignItems: 'flex-start' },
  // Teams' answer is one long word at times (an error code): it wraps rather than widening the table.
  reason: { overflowWrap: 'anywhere', color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The conversation as a sentence's start: "The channel "General" of team "Voice"". */
const named = (r: ReminderRow) => {
  const words = describeConversation(r);
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function RemindersPanel({ api }: { api: ApiClient }) {
  const styles = useStyles();
  // An MSP viewer acting for the tenant reads the reminders; the API refuses its stops, so it is offered none.
  const me = useAsync(() => api.me(), [api]);
  const viewOnly = me.data?.actingRole === 'viewer';
  const [offset, setOffset] = useState(0);
  const state = useAsync(() => remindersPage(api, offset, PAGE_SIZE), [api, offset]);
  const [stopping, setStopping] = useState<ReminderRow>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  useReturnFocus(stopping !== undefined);

  async function stop(row: ReminderRow) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await stopReminders(api, row.id, state.data?.version ?? null);
      setDone(`Stopped: the bot no longer writes to ${describeConversation(row)} until someone asks it there again.`);
      // The last row of a page gone: show the page before.
      if (state.data && state.data.items.length === 1 && offset > 0) setOffset(Math.max(0, offset - PAGE_SIZE));
      else state.reload();
    } catch (e) {
      setError(e);
      // Changed meanwhile (a reminder set up or paused, another admin's stop): show what is stored now, so the next try carries its version.
      if (e instanceof ApiError && (e.status === 409 || e.status === 404)) state.reload();
    } finally {
      setBusy(false);
    }
  }

  const page = state.data;
  return (
    <section className={styles.panel} aria-label="Reminders" data-testid="reminders">
      <Text>
        The chats and channels the bot reminds before cutovers and order deadlines, or tells about drift. Reminders are set up in Teams by asking the bot, e.g. &quot;remind me 3
        days and 1 day before each cutover&quot;.
      </Text>
      {state.error !== undefined && !page && <ErrorBar error={state.error} onRetry={state.reload} />}
      {!page && state.error === undefined && <Spinner size="tiny" label="Loading the reminders…" />}
      {error !== undefined && <ErrorBar error={error} />}
      {done && (
        <MessageBar intent="success" data-testid="reminders-done">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {page && page.total === 0 && (
        <Text data-testid="reminders-none">No chat or channel gets reminders yet: ask the bot in the one that should.</Text>
      )}
      {page && page.paused > 0 && (
        <MessageBar intent="warning" data-testid="reminders-paused">
          <MessageBarBody>
            Teams refuses {page.paused === 1 ? 'one conversation' : `${count(page.paused)} conversations`}: the bot skips {page.paused === 1 ? 'it' : 'them'} until someone writes to it
            there (or, once a week, tries one message again). Stop the reminders of a conversation that is gone for good.
          </MessageBarBody>
        </MessageBar>
      )}
      {page && page.total > 0 && (
        <>
          <SidewaysScroll minWidth={720}>
            <Table size="small" aria-label="Chats and channels with reminders" data-testid="reminders-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Where</TableHeaderCell>
                  <TableHeaderCell>Reminded about</TableHeaderCell>
                  <TableHeaderCell>Set up by</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  {!viewOnly && <TableHeaderCell>Action</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.items.map((r) => (
                  <TableRow key={r.id} data-testid="reminder">
                    <TableCell className={styles.where} data-testid="reminder-where">
                      {named(r)}
                    </TableCell>
                    <TableCell>
                      <ul className={styles.topics}>
                        {describeTopics(r).map((t) => (
                          <li key={t}>{t}</li>
                        ))}
                      </ul>
                    </TableCell>
                    <TableCell>
                      {r.subscribedBy}
                      <br />
                      <small className={styles.muted}>changed {dateTime(r.updatedAt)}</small>
                    </TableCell>
                    <TableCell data-testid="reminder-status">
                      {r.paused ? (
                        <div className={styles.paused}>
                          <Badge appearance="tint" color="warning">
                            Paused since {dateTime(r.paused.since)}
                          </Badge>
                          <small className={styles.reason}>Teams answered: {r.paused.reason || 'no reason given'}</small>
                          <small className={styles.muted}>Tried again from {dateTime(r.paused.retryFrom)}</small>
                        </div>
                      ) : (
                        <Badge appearance="tint" color="success">
                          Active
                        </Badge>
                      )}
                    </TableCell>
                    {!viewOnly && (
                      <TableCell>
                        <Button size="small" disabled={busy} data-testid="reminder-stop" aria-label={`Stop the reminders in ${describeConversation(r)}`} onClick={() => setStopping(r)}>
                          Stop
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </SidewaysScroll>
          {page.total > PAGE_SIZE && <PageBar offset={offset} shown={page.items.length} total={page.total} pageSize={PAGE_SIZE} empty="" onOffset={setOffset} />}
        </>
      )}
      <ConfirmDialog
        open={stopping !== undefined}
        id="reminders-stop-what"
        title="Stop these reminders?"
        confirm="Stop reminders"
        confirmTestId="reminder-stop-confirm"
        onCancel={() => setStopping(undefined)}
        onConfirm={() => {
          const row = stopping!;
          setStopping(undefined);
          void stop(row);
        }}
      >
        {stopping ? named(stopping) : ''} gets no more reminders, order deadlines or drift summaries. Anyone there can ask the bot for them again.
      </ConfirmDialog>
    </section>
  );
}
