/** Kafka consumers that replay the feature updates and snapshot announcements topics into the serving state. */
package io.streamrank.serving.kafka;
