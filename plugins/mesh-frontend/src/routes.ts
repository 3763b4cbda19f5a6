import { createRouteRef } from '@backstage/core-plugin-api';

/** The Meshpath fleet page. @public */
export const rootRouteRef = createRouteRef({ id: 'mesh' });
