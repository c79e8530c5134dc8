package io.streamrank.features.replay;

/**
 * One valid row of a dataset's interaction file.
 *
 * @param lineNumber one-based line number in the file, which makes event ids unique
 * @param userId non-negative user id
 * @param itemId non-negative item id
 * @param categoryId non-negative category id, or -1 when unknown
 * @param eventTime event time in epoch milliseconds
 * @param action the engagement events that the row becomes
 */
record SourceRow(long lineNumber, long userId, long itemId, long categoryId, long eventTime, RowAction action) {}
