/**
 * Shares the view on screen: inside Teams through Teams' share dialog (a deep link whose subEntityId is
 * the hash, so it opens the same page, item and filters), in a browser by copying the address.
 */
import { useState } from 'react';
import { Button, Text, Tooltip, makeStyles } from '@fluentui/react-components';
import { LinkRegular } from '@fluentui/react-icons';
import type { TabHost } from '../teams-host';
import { subEntityIdOf, type Route } from '../route';

const useStyles = makeStyles({
  // Below a wide window the icon alone (its name is its label and tooltip): the page tabs need the room.
  label: { '@media (max-width: 1400px)': { display: 'none' } },
  button: { '@media (max-width: 1400px)': { minWidth: 'auto', columnGap: 0 } },
});

export function ShareLink({ host, route, title }: { host: TabHost; route: Route; title: string }) {
  const [done, setDone] = useState<string>();
  const styles = useStyles();
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
      <Tooltip content={label} relationship="label">
        <Button appearance="subtle" className={styles.button} icon={<LinkRegular />} onClick={share} data-testid="share-link">
          <span className={styles.label}>{label}</span>
        </Button>
      </Tooltip>
      <Text role="status" size={200}>
        {done}
      </Text>
    </span>
  );
}
