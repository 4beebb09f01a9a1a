import { z } from 'zod';

/** An ISO-8601 UTC timestamp, as every API date is. */
export const isoTime = () => z.iso.datetime({ message: 'must be an ISO-8601 UTC timestamp' });
