/**
 * The online feature store of the serving process: the latest user and item features in
 * RocksDB, the items each user has engaged with, and an in-memory popularity index.
 */
package io.streamrank.serving.features;
