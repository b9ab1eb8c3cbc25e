/**
 * Focus goes back to the control that opened a dialog or panel when it closes (Escape, Cancel, Save or
 * a click outside): Fluent restores focus only for a DialogTrigger, and a dialog opened from state, a
 * menu item or a grid row would otherwise leave focus on <body>. Call with the open flag; it records
 * the focused element when `open` turns true and focuses it again when `open` turns false.
 */
import { useEffect, useRef } from 'react';

export function useReturnFocus(open: boolean): void {
  const invoker = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  // Recorded during render of the opening pass, before the dialog moves focus into itself.
  if (open && !wasOpen.current) {
    const active = typeof document !== 'undefined' ? document.activeElement : null;
    invoker.current = active instanceof HTMLElement && active !== document.body ? active : invoker.current;
  }
  useEffect(() => {
    if (wasOpen.current && !open) {
      const target = invoker.current;
      invoker.current = null;
      // After the dialog has unmounted (and its own focus handling has run).
      const timer = setTimeout(() => {
        if (target?.isConnected) target.focus();
      }, 0);
      wasOpen.current = open;
      return () => clearTimeout(timer);
    }
    wasOpen.current = open;
  }, [open]);
}
