import { useEffect, useState } from 'react';
import { Badge, Card, CardHeader, makeStyles, Spinner, Text, Title2, tokens, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ApiClient, Me } from '../api-client';
import type { TenantStatus } from '../../../../shared/services/status-service';

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: '12px' },
  figure: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold },
});

export function OverviewPage({ api, inTeams }: { api: ApiClient; inTeams: boolean }) {
  const styles = useStyles();
  const [me, setMe] = useState<Me>();
  const [status, setStatus] = useState<TenantStatus>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    Promise.all([api.me(), api.status()])
      .then(([m, s]) => {
        setMe(m);
        setStatus(s);
      })
      .catch((e: Error) => setError(e.message));
  }, [api]);

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  if (!status || !me) return <Spinner label="Loading the tenant…" />;
  const c = status.counts;
  const figures: [string, number | undefined][] = [
    ['Users', c?.users],
    ['Resource accounts', c?.resourceAccounts],
    ['Teams Phone licensed', c?.teamsPhoneEnabled],
    ['Sites', c?.sites],
    ['Numbers in Teams', c?.numbers],
    ['Not mapped to a site', c?.unmappedPeople],
  ];
  return (
    <main className={styles.page}>
      <header>
        <Title2 as="h1" data-testid="tenant-name">
          {status.tenant.name}
        </Title2>
        <div>
          <Text>Signed in as {me.name}</Text>{' '}
          {me.mode === 'local' && <Badge appearance="tint" color="warning">local development mode</Badge>}{' '}
          {!inTeams && <Badge appearance="outline">browser</Badge>}
        </div>
        <Text size={200}>
          {status.lastSync ? `Last sync ${new Date(status.lastSync.at).toLocaleString()}` : 'Not synced yet'}
        </Text>
      </header>
      <section className={styles.grid} aria-label="Tenant counts">
        {figures.map(([label, value]) => (
          <Card key={label} data-testid={`count-${label.toLowerCase().replace(/\s+/g, '-')}`}>
            <CardHeader header={<Text weight="semibold">{label}</Text>} />
            <span className={styles.figure}>{value ?? '–'}</span>
          </Card>
        ))}
      </section>
    </main>
  );
}
