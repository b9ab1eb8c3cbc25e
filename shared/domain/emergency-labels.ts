/**
 * How the tab, the bot and the CLI say a site's emergency settings in words: the state of its emergency
 * address, and how its security desk hears of an emergency call. Dependency-free, so the tab bundles it.
 */
import type { SecurityDesk, SiteAttributes } from './planning-settings';

export const EMERGENCY_ADDRESS_STATES: Readonly<Record<SiteAttributes['emergencyAddress'], string>> = {
  validated: 'validated',
  pending: 'pending validation',
  missing: 'missing',
};

export const SECURITY_DESK_HEARS: Readonly<Record<SecurityDesk['mode'], string>> = {
  NotificationOnly: 'notified',
  ConferenceMuted: 'notified, joins the call muted',
  ConferenceUnMuted: 'notified, joins the call unmuted',
};
