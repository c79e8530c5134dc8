/**
 * JMH microbenchmarks of streamrank's hot paths. Each class measures a baseline beside the code
 * under test in the same run. docs/benchmarks.md gives the command and the figures.
 */
package io.streamrank.benchmarks;
