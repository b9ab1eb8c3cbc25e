/**
 * Shares the view on screen: inside Teams through Teams' share dialog (a deep link whose subEntityId is
 * the hash, so it opens the same page, item and filters), in a browser by copying the address.
 */
import { useState } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { LinkRegular } from '@fluentui/react-icons';
import type { TabHost } from '../teams-host';
import { subEntityIdOf, type Route } from '../route';

export function ShareLink({ host, route, title }: { host: TabHost; route: Route; title: string }) {
  const [done, setDone] = useState<string>();
  const label = host.inTeams ? 'Share link' : 'Copy link';
  async function share() {
    try {
      await host.shareLink(subEntityIdOf(route), title);
      setDone(host.inTeams ? '' : 'Link copied');
    } catch {
      setDone('The link could not be copied: copy the address bar instead');
    }
    setTimeout(() => setDone(undefined), 4000);
  }
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      <Button appearance="subtle" icon={<LinkRegular />} onClick={share} data-testid="share-link">
        {label}
      </Button>
      <Text role="status" size={200}>
        {done}
      </Text>
    </span>
  );
}
