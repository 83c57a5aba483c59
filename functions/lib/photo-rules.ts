// Photo retention, shared by the photo store, the consult repository and the stack (no imports: infra reads it).

/** The tag an upload carries until it is sent; the bucket's lifecycle expires objects still carrying it. */
export const PENDING_TAG = { key: 'consultation', value: 'pending' } as const;

/** An upload never sent is dropped after this many days: its record by the table's TTL, its object by the bucket's lifecycle. */
export const UNATTACHED_PHOTO_DAYS = 2;
