/** How `vmp sync` and `vmp run` exit when the sync's Graph read fails. */
import { EXIT } from './cli-context';
import type { GraphRequestError } from '../shared/graph/graph-errors';

/**
 * A `--tenant` that the Graph endpoint (its credentials) does not belong to is the caller's to correct,
 * like any other option: exit 2. Anything else Graph answered is a failure: exit 1.
 */
export function exitCodeOf(err: GraphRequestError): number {
  return err.code === 'tenant-mismatch' ? EXIT.badInput : EXIT.failure;
}
