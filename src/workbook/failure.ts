/** A failure of the workbook logic to explain to the user, in plain words (never a stack trace). */
export class RecomputeFailure extends Error {}
