/**
 * Flink's view of the events and the feature values: their type information and compact
 * serializers. Only the job loads these classes. The module has Flink as a provided dependency, so serving and the
 * model code, which use the feature values too, run without Flink.
 */
package io.streamrank.features.state.flink;
