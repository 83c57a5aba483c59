/**
 * Keys of the booked-days pre-filter (booked-days.ts), apart from it so that making a table
 * (scripts/local/tables.ts) can mark it complete without the store client.
 */
export const bookedDaysKey = (patientId: string) => ({ pk: `BOOKEDDAYS#${patientId}`, sk: 'DAYS' });

/**
 * Present once every booking in the table has its day kept: a table made empty holds none from
 * before, an older one is completed by `npm run migrate:booked-days`, before the revisit marks that
 * are built on the days (revisit-marks.ts).
 */
export const bookedDaysCompleteKey = { pk: 'BOOKEDDAYS', sk: 'COMPLETE' } as const;
export const bookedDaysCompleteItem = { ...bookedDaysCompleteKey, type: 'bookedDaysComplete' } as const;

/**
 * A patient who may hold a booking from the day a revisit date's reminders go out (booked-days.ts):
 * one item per revisit date and patient, so the revisit reminder reads its day's marks in one Query.
 */
export const revisitBookedPartition = (revisitDate: string) => `REVISITBOOKED#${revisitDate}`;
export const revisitBookedKey = (revisitDate: string, patientId: string) => ({
  pk: revisitBookedPartition(revisitDate),
  sk: patientId,
});

/**
 * Present once every pending revisit date of the table has its marks: a table made empty holds none
 * from before, an older one is completed by `npm run migrate:booked-days`. Until then the revisit
 * reminder asks the booked index for every visit due.
 */
export const revisitBookedCompleteKey = { pk: 'REVISITBOOKED', sk: 'COMPLETE' } as const;
export const revisitBookedCompleteItem = { ...revisitBookedCompleteKey, type: 'revisitBookedComplete' } as const;
