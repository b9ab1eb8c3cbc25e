import type { SnapshotWarning } from '../../../shared/domain/tenant-snapshot';
import { GraphRequestError } from '../../../shared/graph/graph-errors';
import type { GraphHttp } from '../../../shared/graph/graph-http';
import { TenantGraphReader } from '../../../shared/graph/tenant-graph-reader';

/** A Graph that answers every request with the same HTTP error, as one without the permission granted does. */
function refusingGraph(status: number, graphCode: string): GraphHttp {
  return {
    absolute: (path: string) => `https://graph.microsoft.com/v1.0${path}`,
    getJson: async (path: string) => {
      throw new GraphRequestError('http-error', `Graph answered ${status} ${graphCode}`, `GET ${path}`, status, graphCode);
    },
  } as unknown as GraphHttp;
}

describe('optional reads name the permission the admin must grant', () => {
  it('a 403 on Teams numbers, places and user configurations names each read permission', async () => {
    const reader = new TenantGraphReader(refusingGraph(403, 'Authorization_RequestDenied'));
    const warnings: SnapshotWarning[] = [];
    expect(await reader.readNumbers(warnings)).toBeUndefined();
    expect(await reader.readPlaces(warnings)).toEqual({ rooms: [], roomLists: [], buildings: [] });
    expect(await reader.readUserConfigurations(warnings)).toBeUndefined();
    const byCode = new Map(warnings.map((w) => [w.code, w.message]));
    expect(byCode.get('numbers-api-unavailable')).toMatch(/HTTP 403 Authorization_RequestDenied.*Grant the app TeamsTelephoneNumber\.Read\.All/);
    for (const code of ['places-rooms-unavailable', 'places-roomlists-unavailable', 'places-buildings-unavailable']) {
      expect(byCode.get(code)).toMatch(/Grant the app Place\.Read\.All/);
    }
    expect(byCode.get('user-configurations-unavailable')).toMatch(/Grant the app TeamsUserConfiguration\.Read\.All/);
  });

  it('an API missing from a national cloud (400) asks for no permission', async () => {
    const reader = new TenantGraphReader(refusingGraph(400, 'BadRequest'));
    const warnings: SnapshotWarning[] = [];
    await reader.readNumbers(warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).not.toMatch(/Grant/);
  });
});
