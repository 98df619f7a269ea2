/** The CLI's version, from its package.json (bundled at build time). */
import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
