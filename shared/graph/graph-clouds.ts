/**
 * Graph and sign-in endpoints per Microsoft cloud. National clouds use other hosts and lack some
 * APIs (Teams telephone numbers): the reader degrades to a warning there.
 */
export interface GraphCloud {
  name: string;
  graphBaseUrl: string;
  /** Entra authority for the client-credentials token request. */
  authority: string;
}

export const GRAPH_CLOUDS: Record<string, GraphCloud> = {
  global: { name: 'Global', graphBaseUrl: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com' },
  usgov: { name: 'US Government L4 (GCC High)', graphBaseUrl: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  usgovdod: { name: 'US Government L5 (DoD)', graphBaseUrl: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  china: { name: 'China (21Vianet)', graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn' },
};

/** The sign-in authority that belongs with a Graph base URL (global when unknown). */
export function authorityForGraph(graphBaseUrl: string): string {
  const origin = new URL(graphBaseUrl).origin;
  const cloud = Object.values(GRAPH_CLOUDS).find((c) => c.graphBaseUrl === origin);
  return (cloud ?? GRAPH_CLOUDS.global).authority;
}
