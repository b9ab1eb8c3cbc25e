/**
 * The places (Microsoft Graph /places) of the small organisation the site derivation and site rules
 * tests derive sites from: a Seattle building with a room list and a room, and two London buildings.
 * Both tests expect the sites these make (seattle, london-city, london-docklands).
 */
import type { PlaceForSites } from '../../shared/domain/site-derivation';

const seattle = { street: '1200 Westlake Ave N', city: 'Seattle', countryCode: 'US' };
const londonA = { street: '30 Fenchurch Street', city: 'London', countryCode: 'GB' };
const londonB = { street: '1 Canada Square', city: 'London', countryCode: 'GB' };

export const PLACES: PlaceForSites[] = [
  { kind: 'building', id: 'b1', displayName: 'Seattle', address: seattle },
  { kind: 'building', id: 'b2', displayName: 'London City', address: londonA },
  { kind: 'building', id: 'b3', displayName: 'London Docklands', address: londonB },
  { kind: 'roomList', id: 'r1', displayName: 'Seattle Rooms', address: seattle },
  { kind: 'room', id: 'm1', displayName: 'SEA 4.01 Rainier', address: seattle, building: 'Building 4' },
];
