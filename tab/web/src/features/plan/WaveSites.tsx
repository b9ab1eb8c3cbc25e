/**
 * A wave's sites in its Plan panel, each with how many of its people in the wave have moved (from the
 * status read model's per-wave site counts) and linked to those people on the Progress page: on a
 * cutover night, which sites are through and which are not. Without a status (or one stored before
 * sites kept per-wave counts) the names stand alone.
 */
import { Link, Text } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import { count } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { routeHref } from '../../route';
import { progressApi } from '../progress/progress-api';

export function WaveSites({ api, wave, siteIds, siteName }: { api: ApiClient; wave: number; siteIds: readonly string[]; siteName: (id: string) => string }) {
  // The counts add to the names: a status that cannot be read leaves the names, not an error.
  const progress = useAsync(() => progressApi.waveSites(api, wave).catch(() => undefined), [api, wave]);
  return (
    <Text data-testid="wave-sites">
      Sites:{' '}
      {siteIds.length === 0
        ? '–'
        : siteIds.map((id, i) => {
            const c = progress.data?.get(id);
            return (
              <span key={id} data-testid="wave-site" data-site={id}>
                {i > 0 && ', '}
                <Link href={routeHref({ page: 'progress', params: { wave: String(wave), site: id } })}>{siteName(id)}</Link>
                {c && ` ${count(c.done)} of ${count(c.total)} moved${c.drifted ? `, ${count(c.drifted)} drifted` : ''}`}
              </span>
            );
          })}{' '}
      ·{' '}
      <Link href={routeHref({ page: 'progress', params: { wave: String(wave) } })} data-testid="wave-progress">
        Who has moved
      </Link>
    </Text>
  );
}
