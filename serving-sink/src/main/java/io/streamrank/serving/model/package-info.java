/**
 * Loading of model snapshots into immutable serving versions of the pre-ranker and the ranker,
 * with deltas applied and an atomic swap per new version.
 */
package io.streamrank.serving.model;
