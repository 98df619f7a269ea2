/** The id every route takes: opaque strings (uuids today), bounded so oversized input is a 400, not a slow query. */
import { z } from 'zod';

export const idSchema = z.string().trim().min(1).max(64);
