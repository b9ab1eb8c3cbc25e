/**
 * An order's Status cell: where it stands in words ("Not submitted", "Submitted (ref. TEL-4471)",
 * "Confirmed for 2027-01-20"), the same words the bot and the history use, and under it what needs
 * doing about it (the plan moved it since it was submitted, the carrier rejected it). The grid's rows
 * are one fixed height, so the first warning shows clipped and a click on it lists them all in a
 * dialog, readable on a phone.
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, tokens } from '@fluentui/react-components';
import { WarningFilled } from '@fluentui/react-icons';
import { useReturnFocus } from '../../components/use-return-focus';
import { describeOrderStanding } from '../../../../../shared/services/order-state-words';
import type { PortOrderRow, UploadOrderRow } from './coexistence-api';

export type OrderKind = 'port' | 'upload';

const useStyles = makeStyles({
  cell: { display: 'flex', flexDirection: 'column', justifyContent: 'center', minWidth: 0 },
  clip: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  // As tall as a line of the cell's text: the words and the warning fit the grid's fixed row.
  warning: {
    justifyContent: 'flex-start',
    minWidth: 0,
    maxWidth: '100%',
    minHeight: 0,
    height: '20px',
    padding: 0,
    fontWeight: tokens.fontWeightRegular,
  },
  // The icon carries the warning colour; the text keeps the body colour (its contrast in every theme).
  icon: { color: tokens.colorStatusWarningForeground1, flexShrink: 0 },
  list: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '8px' },
});

/** "Not submitted" (a port order), "Not uploaded" (an upload order), or the state in words. */
export function orderStatusText(order: PortOrderRow | UploadOrderRow, kind: OrderKind): string {
  const words = describeOrderStanding(kind, order.tracking);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function OrderStatus({ order, kind }: { order: PortOrderRow | UploadOrderRow; kind: OrderKind }) {
  const styles = useStyles();
  const warnings = order.trackingWarnings ?? [];
  return (
    <span className={styles.cell}>
      <span className={styles.clip} data-testid="order-status">
        {orderStatusText(order, kind)}
      </span>
      {warnings.length > 0 && <OrderWarnings orderId={order.id} warnings={warnings} />}
    </span>
  );
}

/** The first warning (and how many more) as a button; the dialog it opens lists each one whole. */
function OrderWarnings({ orderId, warnings }: { orderId: string; warnings: string[] }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  useReturnFocus(open);
  const more = warnings.length > 1 ? ` (+${warnings.length - 1} more)` : '';
  return (
    <>
      <Button appearance="transparent" size="small" className={styles.warning} icon={<WarningFilled className={styles.icon} />} onClick={() => setOpen(true)} data-testid="order-warnings">
        <span className={styles.clip}>
          {warnings[0]}
          {more}
        </span>
      </Button>
      <Dialog open={open} onOpenChange={(_e, d) => setOpen(d.open)}>
        <DialogSurface aria-describedby={undefined}>
          <DialogBody>
            <DialogTitle>What needs doing about {orderId}</DialogTitle>
            <DialogContent>
              <ul className={styles.list} data-testid="order-warnings-list">
                {warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => setOpen(false)}>
                Close
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
