/** The browser tests' fixture (`site-domains`): its two locale domains, and one page of every type. */
export const DOMAINS = { en: 'status.example.com', id: 'status.example.co.id' } as const;
export type Lang = keyof typeof DOMAINS;
export const LANGS = Object.keys(DOMAINS) as Lang[];

export const PAGES = {
  home: '',
  incident: 'incidents/2026-11-22-checkout/',
  resolved: 'incidents/2026-11-18-api/',
  postmortem: 'incidents/2026-11-18-api/postmortem/',
  history: 'history/',
  component: 'components/card-payments/',
  maintenance: 'maintenance/',
  upcomingMaintenance: 'incidents/2026-11-25-db-maintenance/',
  pastMaintenance: 'incidents/2026-11-10-search-maintenance/',
  widget: 'widget/',
  notFound: 'no-such-page/',
};
