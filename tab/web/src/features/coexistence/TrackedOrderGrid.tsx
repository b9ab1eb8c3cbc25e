/**
 * A list of port or upload orders with where each one stands: a Status column after the order's id
 * and, for whoever may change it, an Update button per order opening OrderTrackingDialog. A save is
 * written against the `trackingVersion` of the list's latest read. A save, or a conflict, reads the
 * list again, which draws its rows anew: the grid scrolls back to where it was and, when the dialog
 * closes, focus goes to the same order's new Update button (the one that opened the dialog is gone,
 * so use-return-focus would leave focus on the page).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { GridColumn } from '../../components/data-grid';
import type { OrdersPage, Params, PortOrderRow, UploadOrderRow } from './coexistence-api';
import { GridList } from './GridList';
import { OrderStatus, orderStatusText, type OrderKind } from './OrderStatus';
import { OrderTrackingDialog } from './OrderTrackingDialog';
import { whenShown } from './when-shown';

type GridListProps<R> = Parameters<typeof GridList<R>>[0];

const gridOf = (frame: RefObject<HTMLElement | null>) => frame.current?.querySelector<HTMLElement>('[role="grid"]') ?? undefined;

export function TrackedOrderGrid<R extends PortOrderRow | UploadOrderRow>({
  api,
  kind,
  canUpdate,
  columns,
  load,
  ...grid
}: Omit<GridListProps<R>, 'load'> & {
  kind: OrderKind;
  /** False for an MSP viewer: the API refuses its updates, so it is offered none. */
  canUpdate: boolean;
  load: (params: Params, signal: AbortSignal) => Promise<OrdersPage<R>>;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [editing, setEditing] = useState<R>();
  const [saved, setSaved] = useState<string>();
  const { reads, readAgain } = useReadAgain(frame);
  useFocusBack(frame, editing?.id);

  const status: GridColumn<R> = {
    id: 'status',
    label: 'Status',
    width: 'minmax(220px, 1.5fr)',
    title: (o) => [orderStatusText(o, kind), ...(o.trackingWarnings ?? [])].join('\n'),
    render: (o) => <OrderStatus order={o} kind={kind} />,
  };
  const update: GridColumn<R> = {
    id: 'update',
    label: 'Action',
    width: '90px',
    render: (o) => (
      <Button
        size="small"
        aria-label={`Update ${o.id}`}
        data-testid="order-update"
        data-order-update={o.id}
        onClick={() => {
          setSaved(undefined);
          setEditing(o);
        }}
      >
        Update
      </Button>
    ),
  };
  return (
    <div ref={frame}>
      {saved && (
        <MessageBar intent="success" data-testid={`${grid.testId}-saved`}>
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      <GridList<R>
        key={reads}
        {...grid}
        api={api}
        // Where it stands right after which order it is (the first column): in view without scrolling sideways.
        columns={[columns[0], status, ...(canUpdate ? [update] : []), ...columns.slice(1)]}
        load={(params, signal) =>
          load(params, signal).then((page) => {
            setVersion(page.trackingVersion);
            return page;
          })
        }
      />
      {editing && (
        <OrderTrackingDialog
          api={api}
          order={editing}
          kind={kind}
          version={version}
          onSaved={(tracking) => {
            setSaved(`Saved: ${editing.id} - ${orderStatusText({ ...editing, tracking }, kind)}.`);
            setEditing(undefined);
            readAgain();
          }}
          onStale={readAgain}
          onClose={() => setEditing(undefined)}
        />
      )}
    </div>
  );
}

/** A key that draws the grid anew, read from the server; the new grid is scrolled back to where the old one was. */
function useReadAgain(frame: RefObject<HTMLElement | null>) {
  const [reads, setReads] = useState(0);
  const scrollTop = useRef(0);
  const readAgain = useCallback(() => {
    scrollTop.current = gridOf(frame)?.scrollTop ?? 0;
    setReads((n) => n + 1);
  }, [frame]);
  useEffect(() => {
    const top = scrollTop.current;
    if (reads === 0 || top === 0) return;
    // The new grid is as tall as its rows once their first page answered.
    const tallEnough = () => {
      const g = gridOf(frame);
      return g && g.scrollHeight - g.clientHeight >= top ? g : undefined;
    };
    return whenShown(frame.current, tallEnough, (g) => {
      g.scrollTop = top;
    });
  }, [reads, frame]);
  return { reads, readAgain };
}

/** When the dialog of an order closes, focus goes to that order's Update button, once its row is drawn. */
function useFocusBack(frame: RefObject<HTMLElement | null>, openFor: string | undefined) {
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (openFor !== undefined) {
      last.current = openFor;
      return;
    }
    const orderId = last.current;
    last.current = undefined;
    if (orderId === undefined) return;
    let cancel: () => void = () => undefined;
    const button = () => frame.current?.querySelector<HTMLElement>(`[data-order-update="${CSS.escape(orderId)}"]`);
    // After the dialog has unmounted and its own focus handling has run.
    const timer = setTimeout(() => {
      cancel = whenShown(frame.current, button, (b) => {
        // Focus the admin has put somewhere meanwhile stays there.
        if (!document.activeElement || document.activeElement === document.body) b.focus();
      });
    }, 0);
    return () => {
      clearTimeout(timer);
      cancel();
    };
  }, [openFor, frame]);
}
