/** Shared status blocks: errors with an optional retry, "not available yet" hints and loading spinners. */
import type { ReactNode } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { ApiError, errorText } from '../api-client';

/** 404 from a route means the step has not run yet (no plan, no import) or the server lacks the route. */
export function isNotAvailable(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

export function ErrorBar({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {title && <MessageBarTitle>{title}</MessageBarTitle>}
        {errorText(error)}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>Retry</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

export function InfoBar({ children, title, action }: { children: ReactNode; title?: string; action?: ReactNode }) {
  return (
    <MessageBar intent="info">
      <MessageBarBody>
        {title && <MessageBarTitle>{title}</MessageBarTitle>}
        {children}
      </MessageBarBody>
      {action && <MessageBarActions>{action}</MessageBarActions>}
    </MessageBar>
  );
}

/** Loading / error / not-yet-available handling for one piece of data. */
export function Loadable<T>({
  state,
  notAvailable,
  label,
  children,
}: {
  state: { data?: T; error?: unknown; loading: boolean; reload: () => void };
  notAvailable?: ReactNode;
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (state.error) {
    if (notAvailable && isNotAvailable(state.error)) return <InfoBar>{notAvailable}</InfoBar>;
    return <ErrorBar error={state.error} onRetry={state.reload} />;
  }
  if (state.data === undefined) return <Spinner size="small" label={label} />;
  return <>{children(state.data)}</>;
}
