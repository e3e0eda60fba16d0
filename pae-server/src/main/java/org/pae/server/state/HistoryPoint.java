package org.pae.server.state;

import java.time.Instant;

/**
 * One bucket of a series' downsampled history.
 *
 * @param time the bucket's start
 * @param usageMean mean usage in the bucket (NaN: none read)
 * @param usageMax highest usage in the bucket (NaN: none read)
 * @param allocation the allocation at the end of the bucket
 */
public record HistoryPoint(Instant time, double usageMean, double usageMax, double allocation) {}
