/** Request and freshness metrics of the serving process, written in the Prometheus text format. */
package io.streamrank.serving.metrics;
