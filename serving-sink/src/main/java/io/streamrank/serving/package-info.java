/**
 * The serving process: {@link io.streamrank.serving.ServingMain} parses the {@code serve}
 * command line, and {@link io.streamrank.serving.ServingProcess} wires the feature store, the
 * snapshot loader, the Kafka consumers, the recommendation cascade and the HTTP API.
 */
package io.streamrank.serving;
