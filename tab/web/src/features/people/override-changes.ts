/**
 * A person's override as a per-item settings change. Overrides are stored under an object id or a UPN
 * (whichever the admin wrote); a change targets the key it is stored under and carries the stored
 * value as `expected`, so it conflicts only when someone changed that person meanwhile.
 */
import type { PstnPath } from '../../api-types';
import type { SettingsItemChangeView } from '../../api-types';
import type { UserOverride } from '../../../../../shared/domain/planning-settings';

export interface OverrideInput {
  path: PstnPath;
  reason: string;
  stayUntil?: string;
  /** Operator Connect needs an operator, Direct Routing an SBC (the settings refuse an override without). */
  operatorId?: string;
  sbcId?: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function storedOverride(overrides: readonly UserOverride[], person: { id: string; userPrincipalName: string }): UserOverride | null {
  return overrides.find((u) => same(u.user, person.id)) ?? overrides.find((u) => same(u.user, person.userPrincipalName)) ?? null;
}

/** The change that sets (input) or clears (null) a person's override. */
export function overrideChange(stored: UserOverride | null, person: { userPrincipalName: string }, input: OverrideInput | null): SettingsItemChangeView {
  const user = stored?.user ?? person.userPrincipalName;
  const value: UserOverride | null = input
    ? {
        user,
        path: input.path,
        ...(input.path === 'OC' && input.operatorId ? { operatorId: input.operatorId } : {}),
        ...(input.path === 'DR' && input.sbcId ? { sbcId: input.sbcId } : {}),
        ...(input.path === 'PBX' && input.stayUntil ? { stayUntil: input.stayUntil } : {}),
        reason: input.reason.trim(),
      }
    : null;
  return { target: { kind: 'user-override', user }, expected: stored, value };
}

/** Whether the input names what its path needs. */
export function overrideComplete(input: OverrideInput): boolean {
  return input.reason.trim() !== '' && (input.path !== 'OC' || !!input.operatorId) && (input.path !== 'DR' || !!input.sbcId);
}
