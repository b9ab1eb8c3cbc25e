/**
 * "Are you sure?" before a change that takes something away (unlink a customer, revoke consent, stop
 * reminders, restore an older version): a modal dialog whose text says what the change does, a primary
 * button that confirms and Cancel. Closing it (Escape, Cancel) calls onCancel; the caller puts the focus
 * back where it was (use-return-focus).
 */
import type { ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';

export function ConfirmDialog({
  open,
  id,
  title,
  children,
  confirm,
  confirmTestId,
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  /** The id of the text that says what the change does (the dialog's description). */
  id: string;
  title: ReactNode;
  children: ReactNode;
  /** The confirming button's label. */
  confirm: ReactNode;
  confirmTestId?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} onOpenChange={(_e, d) => !d.open && onCancel()}>
      <DialogSurface aria-describedby={id}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent id={id}>{children}</DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={busy} data-testid={confirmTestId} onClick={onConfirm}>
              {confirm}
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
