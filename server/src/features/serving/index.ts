/** What other features use of the serving feature: its router (registered in router.ts). */
export { servingRouter } from './servingRouter.ts';
