/**
 * The order attempt's route, named once: the controller serves it, the order front door answers ahead of Nest on
 * it, and the request logger skips it. Written out in three places, a rename silently turned the fast path off.
 */
export const ORDERS_CONTROLLER_PREFIX = 'api';
export const PLACE_ORDER_PATH = 'flash-sales/:id/orders';
/** As Fastify's router names it (`request.routeOptions.url`). */
export const PLACE_ORDER_ROUTE = `/${ORDERS_CONTROLLER_PREFIX}/${PLACE_ORDER_PATH}`;
