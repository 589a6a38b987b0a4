// @ts-check
// For editors and `astro check` only: `kabar build` passes the same settings inline
// (src/build/astro-config.ts), one build per locale domain, and reads no config file.
import { defineConfig } from 'astro/config';
import { contentSecurityPolicy, SITE_ASTRO_SETTINGS } from './src/build/astro-config.ts';
import { kabarIntegration } from './src/build/integration.ts';

export default defineConfig({ ...SITE_ASTRO_SETTINGS, integrations: [kabarIntegration()], security: contentSecurityPolicy([]) });
