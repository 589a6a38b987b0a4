// @ts-check
// For editors and `astro check` only: the pages are compiled with the same settings by
// src/build/renderer-compile.ts, which reads no config file.
import { defineConfig } from 'astro/config';
import { contentSecurityPolicy, SITE_ASTRO_SETTINGS } from './src/build/astro-config.ts';
import { kabarIntegration } from './src/build/integration.ts';

export default defineConfig({ ...SITE_ASTRO_SETTINGS, integrations: [kabarIntegration()], security: contentSecurityPolicy([]) });
