/**
 * Where one order stands, as the admin knows it: sent to the carrier with its reference, the date the
 * carrier confirmed (FOC), ported, rejected and why - or uploaded, for a Direct Routing upload; "open"
 * clears it. Saved against the version of the orders' tracking the list was read with: when someone
 * changed it since (409), the server's words show here and the list behind is read again, so a second
 * Save goes against what is stored now. The server checks the fields; its 400 issues show at each one.
 */
import { useId, useState, type FormEvent } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  Textarea,
  makeStyles,
} from '@fluentui/react-components';
import { ApiError, errorText, type ApiClient } from '../../api-client';
import { ErrorBar } from '../../components/Feedback';
import { dateTime } from '../../format';
import { PORT_ORDER_STATES, UPLOAD_ORDER_STATES, type OrderState } from '../../../../../shared/services/order-state-words';
import { coexistenceApi, type OrderTracking, type PortOrderRow, type TrackOrderInput, type UploadOrderRow } from './coexistence-api';
import { orderStatusText, type OrderKind } from './OrderStatus';

const STATE_LABELS: Record<OrderState, string> = {
  submitted: 'Submitted',
  'foc-confirmed': 'FOC confirmed',
  ported: 'Ported',
  rejected: 'Rejected',
  uploaded: 'Uploaded',
};

/** The fields the server names in its issues ('$.focDate'), by the path it uses. */
type FieldPath = '$.state' | '$.reference' | '$.focDate' | '$.note';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
});

export function OrderTrackingDialog({
  api,
  order,
  kind,
  version,
  onSaved,
  onStale,
  onClose,
}: {
  api: ApiClient;
  order: PortOrderRow | UploadOrderRow;
  kind: OrderKind;
  /** The `trackingVersion` of the list's latest read: what a save is written against. */
  version: number | null;
  onSaved: (tracking: OrderTracking | undefined) => void;
  /** The list no longer holds what the dialog was opened on (someone changed it, a plan renamed the order): read it again. */
  onStale: () => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const describedBy = useId();
  const now = order.tracking;
  const [state, setState] = useState<OrderState | 'open'>(now?.state ?? 'open');
  const [reference, setReference] = useState(now?.reference ?? '');
  const [focDate, setFocDate] = useState(now?.focDate ?? '');
  const [note, setNote] = useState(now?.note ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [issues, setIssues] = useState<Partial<Record<FieldPath, string>>>({});

  const states = kind === 'port' ? PORT_ORDER_STATES : UPLOAD_ORDER_STATES;
  // Only the fields the state shows are sent: a note typed for "rejected" is not kept on "submitted".
  const shows = { reference: state !== 'open', focDate: state === 'foc-confirmed' || state === 'ported', note: state === 'rejected' };

  /** A field changed: its issue from the last save no longer applies. */
  const edit = (path: FieldPath, set: () => void) => {
    set();
    setIssues(({ [path]: _gone, ...rest }) => rest);
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    const body: TrackOrderInput = {
      state,
      ...(shows.reference && { reference }),
      ...(shows.focDate && { focDate }),
      ...(shows.note && { note }),
    };
    setSaving(true);
    setError(undefined);
    setIssues({});
    try {
      const answer = await coexistenceApi.trackOrder(api, order.id, body, version);
      onSaved(answer.tracking);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.status === 400) {
        setIssues(Object.fromEntries(err.issues.filter((i) => i.path?.startsWith('$.')).map((i) => [i.path, i.message])));
      }
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) onStale();
    } finally {
      setSaving(false);
    }
  }

  const conflict = error instanceof ApiError && error.status === 409;
  // A 400 whose every issue shows at its field needs no bar as well.
  const placed = (path: string | undefined) => (path === '$.state' || (path === '$.reference' && shows.reference) || (path === '$.focDate' && shows.focDate) || (path === '$.note' && shows.note));
  const unplaced = error instanceof ApiError && error.status === 400 ? error.issues.some((i) => !placed(i.path)) || error.issues.length === 0 : error !== undefined;
  const fieldError = (path: FieldPath) => ({ validationMessage: issues[path], validationState: issues[path] ? ('error' as const) : ('none' as const) });

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={describedBy}>
        <form noValidate onSubmit={(e) => void save(e)}>
          <DialogBody>
            <DialogTitle>Update {order.id}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text id={describedBy} data-testid="order-tracking-now">
                Now: {orderStatusText(order, kind)}
                {now ? `, by ${now.updatedBy} on ${dateTime(now.updatedAt)}` : ''}.
              </Text>
              {(order.trackingWarnings ?? []).map((w, i) => (
                <MessageBar key={i} intent="warning">
                  <MessageBarBody>{w}</MessageBarBody>
                </MessageBar>
              ))}
              <Field
                label="State"
                hint={state === 'open' && now ? 'Clears what was recorded: the order counts as still to do.' : undefined}
                {...fieldError('$.state')}
              >
                <Select value={state} onChange={(_e, d) => edit('$.state', () => setState(d.value as OrderState | 'open'))} data-testid="order-tracking-state">
                  <option value="open">{kind === 'port' ? 'Open (not submitted yet)' : 'Open (not uploaded yet)'}</option>
                  {states.map((s) => (
                    <option key={s} value={s}>
                      {STATE_LABELS[s]}
                    </option>
                  ))}
                </Select>
              </Field>
              {shows.reference && (
                <Field label="Reference" hint={kind === 'port' ? "The carrier's or operator's order number." : 'Your change or ticket number.'} {...fieldError('$.reference')}>
                  <Input value={reference} maxLength={100} onChange={(_e, d) => edit('$.reference', () => setReference(d.value))} data-testid="order-tracking-reference" />
                </Field>
              )}
              {shows.focDate && (
                <Field
                  label="FOC date"
                  hint={state === 'ported' ? 'The day the numbers ported (optional).' : 'The port date the carrier confirmed (firm order commitment).'}
                  required={state === 'foc-confirmed'}
                  {...fieldError('$.focDate')}
                >
                  <Input type="date" value={focDate} onChange={(_e, d) => edit('$.focDate', () => setFocDate(d.value))} data-testid="order-tracking-foc" />
                </Field>
              )}
              {shows.note && (
                <Field label="Note" hint="Why the carrier rejected it and what to fix before sending it again." {...fieldError('$.note')}>
                  <Textarea value={note} maxLength={500} resize="vertical" onChange={(_e, d) => edit('$.note', () => setNote(d.value))} data-testid="order-tracking-note" />
                </Field>
              )}
              {conflict ? (
                <ErrorBar title="Not saved: the orders changed meanwhile" error={`${errorText(error)} The list has been read again: check it, then Save to apply yours.`} />
              ) : (
                unplaced && <ErrorBar error={error} />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={saving} data-testid="order-tracking-save">
                {saving ? 'Saving…' : 'Save'}
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
