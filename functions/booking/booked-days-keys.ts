/**
 * Keys of the booked-days pre-filter (booked-days.ts), apart from it so that making a table
 * (scripts/local/tables.ts) can mark it complete without the store client.
 */
export const bookedDaysKey = (patientId: string) => ({ pk: `BOOKEDDAYS#${patientId}`, sk: 'DAYS' });

/**
 * Present once every booking in the table has its day kept: a table made empty holds none from
 * before, an older one is completed by `npm run migrate:booked-days`. Until then the revisit
 * reminder asks the booked index for every visit, as before.
 */
export const bookedDaysCompleteKey = { pk: 'BOOKEDDAYS', sk: 'COMPLETE' } as const;
export const bookedDaysCompleteItem = { ...bookedDaysCompleteKey, type: 'bookedDaysComplete' } as const;
